"""The sector's thesaurus in the admin: the groups of words that search treats as one
(practices.search). An edit reaches every search at once (it moves the catalogue version)."""

from django.contrib import admin

from practices.models import ThesaurusEntry


@admin.register(ThesaurusEntry)
class ThesaurusEntryAdmin(admin.ModelAdmin):
    list_display = ["spanish", "english", "updated_at"]
    search_fields = ["spanish", "english"]
    fields = ["spanish", "english"]
