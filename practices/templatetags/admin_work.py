"""The admin home's lists of each role's work (practices.admin.workflow.work_queues)."""

from django import template

from practices.admin.workflow import work_queues as queues_of

register = template.Library()


@register.simple_tag(takes_context=True)
def work_queues(context):
    return queues_of(context["request"].user)
