from django.apps import AppConfig


class ScoringConfig(AppConfig):
    name = "cchc.scoring"
    label = "scoring"
    verbose_name = "Chỉ số cải cách hành chính"
