from django.urls import path

from relsafe.accounts import views

app_name = "accounts"
urlpatterns = [
    path("sign-in/", views.sign_in, name="sign-in"),
    path("sign-in/code/", views.sign_in_code, name="sign-in-code"),
    path("sign-in/set-up-authenticator/", views.mfa_setup, name="mfa-setup"),
    path("recovery-codes/", views.recovery_codes, name="recovery-codes"),
    path("sign-out/", views.sign_out, name="sign-out"),
    path("keepalive/", views.keepalive, name="keepalive"),
    path("confirm/", views.confirm_identity, name="confirm-identity"),
    path("", views.account, name="account"),
    path("sessions/end-others/", views.end_other_sessions, name="end-other-sessions"),
    path("sessions/<int:pk>/end/", views.end_session, name="end-session"),
    path("authenticator/", views.mfa_change, name="mfa-change"),
    path("authenticator/remove/", views.mfa_remove, name="mfa-remove"),
    path("security-keys/add/", views.security_key_add, name="security-key-add"),
    path("security-keys/<int:pk>/remove/", views.security_key_remove, name="security-key-remove"),
]
