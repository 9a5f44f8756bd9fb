"""The page benchmark (`python manage.py benchmark_pages`): not part of the site.

- `settings.py` and `urls.py`: the production settings the benchmark's gunicorn serves with, plus the minimal
  view it measures every page against. Nothing in the real site imports them.
- `pages.py`: the key pages, each with the role that uses it; signing those people in; query counts in-process.
- `measure.py`: requests over HTTP in alternating rounds, and the tables (no Django).
"""
