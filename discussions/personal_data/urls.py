from django.urls import path

from . import views

urlpatterns = [
    path("accounts/my-data/", views.my_data, name="my_data"),
]
