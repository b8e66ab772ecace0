"""Admin pages of the service index (Chỉ số 766): the versioned rule sets (checked by
`service_rules` before anything is saved: weights adding up, known formulas and methods,
thresholds that make sense — every problem listed in Vietnamese) and the figures the
province enters for the indicators the system cannot count. Imported by `admin.py`."""

from __future__ import annotations

import json

from django import forms
from django.contrib import admin

from .models import ServiceIndexEntry, ServiceRuleSet


class RulesWidget(forms.Textarea):
    """The rules as indented JSON with Vietnamese letters as they are (not \\u escapes)."""

    def format_value(self, value):
        if isinstance(value, str):
            try:
                value = json.loads(value)
            except ValueError:
                return value
        return json.dumps(value, ensure_ascii=False, indent=2)


class ServiceRuleSetForm(forms.ModelForm):
    class Meta:
        model = ServiceRuleSet
        fields = ["code", "version", "valid_from", "name", "legal_basis", "rules"]
        widgets = {"rules": RulesWidget(attrs={"rows": 30, "cols": 100})}
        error_messages = {"rules": {"invalid": "Quy tắc tính điểm không phải JSON hợp lệ."}}


@admin.register(ServiceRuleSet)
class ServiceRuleSetAdmin(admin.ModelAdmin):
    form = ServiceRuleSetForm
    list_display = ["code", "version", "valid_from", "name"]
    list_filter = ["code"]
    search_fields = ["code", "name"]
    readonly_fields = ["created_at", "updated_at"]


class ServiceIndexEntryForm(forms.ModelForm):
    class Meta:
        model = ServiceIndexEntry
        fields = ["indicator", "unit", "year", "month", "numerator", "denominator", "note"]


@admin.register(ServiceIndexEntry)
class ServiceIndexEntryAdmin(admin.ModelAdmin):
    form = ServiceIndexEntryForm
    list_display = ["indicator", "unit", "year", "month", "numerator", "denominator", "entered_by"]
    list_filter = ["indicator", "year", "month"]
    search_fields = ["unit__name", "unit__code", "note"]
    autocomplete_fields = ["unit"]
    readonly_fields = ["entered_by", "entered_at"]

    def save_model(self, request, obj, form, change):
        obj.entered_by = request.user
        super().save_model(request, obj, form, change)
