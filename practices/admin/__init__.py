"""The staff's admin: practices (with the workflow's buttons and the ficha import),
reference data, the data-treatment policy and staff accounts. Importing the package
registers them all (django.contrib.admin imports ``practices.admin``)."""

from practices.admin import importing, practice, privacy, reference, users, workflow  # noqa: F401
