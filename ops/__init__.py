"""The plumbing of the site, not the catalogue: the staff admin site with its second
factor, login lockout, rate limits, the request log, the resilient cache, database
routers, deployment checks, response headers, the 503 answer, backups, and the template
context every page shares. An app without models (commands: backup, restore, totp_device)."""
