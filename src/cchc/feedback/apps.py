from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "cchc.feedback"
    label = "feedback"
    verbose_name = "Đánh giá, khảo sát, phản ánh kiến nghị"

    def ready(self):
        from cchc.core import navigation, schedule
        from cchc.dossiers import events

        from .panels import overdue_notices
        from .services import on_dossier_event
        from .sources import register_all
        from .tasks import remind_feedback_due

        register_all()
        events.subscribe(on_dossier_event)
        navigation.register_notices(overdue_notices)
        # Mon–Sat: the task itself skips each unit's days off and keeps make-up Saturdays.
        schedule.register("feedback.due-reminders", "15 7 * * 1-6", remind_feedback_due)
        navigation.register(
            "Ý kiến, đánh giá",
            "feedback-home",
            roles=(
                "reform_officer",
                "unit_leader",
                "office_head",
                "one_stop_officer",
                "specialist",
                "administrator",
            ),
            order=38,
        )
