"""The staff's admin: practices (with the workflow's buttons and the ficha import), their
metrics' follow-up, reference data, the data-treatment policy and staff accounts. Importing
the package registers them all (django.contrib.admin imports ``practices.admin``)."""

from practices.admin import (  # noqa: F401
    follow_up,
    importing,
    practice,
    privacy,
    reference,
    thesaurus,
    users,
    workflow,
)
