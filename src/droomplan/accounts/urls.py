from django.urls import path

from . import manage_views, security_views, views

app_name = "accounts"

urlpatterns = [
    path("account/inloggen/", views.LoginView.as_view(), name="login"),
    path("account/uitloggen/", views.LogoutView.as_view(), name="logout"),
    path("account/", views.security, name="security"),
    path("account/wachtwoord/", views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "account/wachtwoord-vergeten/",
        views.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "account/wachtwoord-vergeten/verstuurd/",
        views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "account/wachtwoord-herstellen/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "account/wachtwoord-herstellen/klaar/",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("account/tweestaps/instellen/", views.two_factor_setup, name="two_factor_setup"),
    path("account/tweestaps/code/", views.two_factor_verify, name="two_factor_verify"),
    path("account/tweestaps/uitzetten/", views.two_factor_remove, name="two_factor_remove"),
    path("account/tweestaps/herstelcodes/", views.recovery_codes, name="recovery_codes"),
    path("beheer/organisaties/", manage_views.organisation_list, name="organisation_list"),
    path(
        "beheer/organisaties/nieuw/", manage_views.organisation_create, name="organisation_create"
    ),
    path("beheer/organisaties/<int:pk>/", manage_views.organisation_edit, name="organisation_edit"),
    path("beheer/gebruikers/", manage_views.user_list, name="user_list"),
    path("beheer/gebruikers/nieuw/", manage_views.user_create, name="user_create"),
    path("beheer/gebruikers/<int:pk>/", manage_views.user_edit, name="user_edit"),
    path(
        "beheer/gebruikers/<int:pk>/tweestaps-resetten/",
        manage_views.user_two_step_reset,
        name="user_two_step_reset",
    ),
    path("beheer/api-tokens/", manage_views.token_list, name="token_list"),
    path("beheer/api-tokens/nieuw/", manage_views.token_create, name="token_create"),
    path("beheer/api-tokens/<int:pk>/intrekken/", manage_views.token_revoke, name="token_revoke"),
    path("beheer/beveiligingslog/", security_views.security_log, name="security_log"),
    path("beheer/rolwijzigingen/", security_views.role_changes, name="role_changes"),
    path(
        "beheer/rolwijzigingen/<int:pk>/",
        security_views.role_change_decide,
        name="role_change_decide",
    ),
]
