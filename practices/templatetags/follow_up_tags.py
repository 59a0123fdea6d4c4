"""The ficha's follow-up charts (practices.follow_up)."""

from django import template

from practices import follow_up

register = template.Library()


@register.filter
def follow_up_charts(metrics):
    """The series of the metrics measured again, for their charts (none: an empty list)."""
    return [chart for metric in metrics if (chart := follow_up.series(metric))]
