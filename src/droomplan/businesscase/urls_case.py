app_name = "businesscase_case"
urlpatterns = []
