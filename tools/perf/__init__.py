"""The benchmark (``make bench``) and the load test (``make loadtest``): they build a
throwaway database and measure the site from outside, as gunicorn serves it. Installed as
an app only for their two commands; nothing in the site imports them."""
