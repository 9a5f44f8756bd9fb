from django.contrib.auth import views as auth_views
from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.start, name="start"),
    path("sign-in/", views.SignInView.as_view(), name="login"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("sign-out/everywhere/", views.sign_out_everywhere, name="sign_out_everywhere"),
    path("signed-out/", views.signed_out, name="signed_out"),
    path("session/extend/", views.session_extend, name="session_extend"),
    path("two-factor/", views.two_factor_verify, name="two_factor_verify"),
    path("two-factor/set-up/", views.two_factor_enrol, name="two_factor_enrol"),
    path("two-factor/backup-codes/", views.two_factor_backup_codes, name="two_factor_backup_codes"),
    path("password-reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path("password-reset/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path(
        "password-reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html"),
        name="password_reset_complete",
    ),
    path("account/emails/", views.email_preferences, name="email_preferences"),
    path("invitations/", views.invitation_list, name="invitation_list"),
    path("invitations.<str:fmt>", views.invitation_export, name="invitation_export"),
    path("invitations/new/", views.invitation_create_view, name="invitation_create"),
    path("invitations/accept/<str:token>/", views.invitation_accept_view, name="invitation_accept"),
    path("account-requests/", views.account_request_list, name="account_request_list"),
    path("account-requests/new/", views.account_request_create_view, name="account_request_create"),
    path("account-requests/sent/", views.account_request_sent, name="account_request_sent"),
    path("account-requests/<int:pk>/", views.account_request_detail, name="account_request_detail"),
    path("account-requests/<int:pk>/approve/", views.account_request_approve_view, name="account_request_approve"),
    path("account-requests/<int:pk>/refuse/", views.account_request_refuse_view, name="account_request_refuse"),
]
