"""The admin home's lists of each role's work (practices.admin.workflow.work_queues) and
of what staff owe (ops.admin_home.owed_work)."""

from django import template

from ops.admin_home import owed_work as owed_of
from practices.admin.workflow import work_queues as queues_of

register = template.Library()


@register.simple_tag(takes_context=True)
def work_queues(context):
    return queues_of(context["request"].user)


@register.simple_tag(takes_context=True)
def owed_work(context):
    return owed_of(context["request"].user)
