from django.urls import path

from relsafe.access import views

app_name = "access"
urlpatterns = [
    path("emergency-access/", views.break_glass, name="break-glass"),
    path("emergency-access/<int:pk>/end/", views.end_break_glass, name="end-break-glass"),
    path("break-glass/reviews/", views.reviews, name="reviews"),
    path("break-glass/<int:pk>/review/", views.review, name="review"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/<int:pk>/read/", views.notification_read, name="notification-read"),
    path("notifications/read-all/", views.notifications_read_all, name="notifications-read-all"),
    path("families/<int:pk>/team/", views.allocations, name="allocations"),
    path("allocations/<int:pk>/end/", views.end_allocation, name="end-allocation"),
]
