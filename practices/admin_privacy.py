"""Admin of the data-treatment policy (PrivacyNotice): written by the entity's staff."""
