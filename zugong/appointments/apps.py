from django.apps import AppConfig


class AppointmentsConfig(AppConfig):
    name = "zugong.appointments"
    label = "appointments"
    verbose_name = "选拔任用"
