app_name = "businesscase"
urlpatterns = []
