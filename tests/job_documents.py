"""One job's documents for the page tests (AppTest and Chromium): a posting, a résumé, a company page, and
answers that show some of its requirements. Not labelled data: the measured set is tests/data/jobs_*.json."""

JOB = """About us
Northbank is a retail bank serving two million customers across the north of England.

What you'll do
- Analyse large transaction datasets with SQL to find what drives missed loan payments
- Build and maintain Tableau dashboards for the collections team
- Present findings to non-technical stakeholders and senior leaders every month

What we look for
- 3+ years of experience in a data analysis role
- Working knowledge of Python for data cleaning and automation
- Understanding of credit risk is a plus

What we offer
- Competitive salary, 27 days holiday and a pension
"""

RESUME = """Priya Shah
Data analyst, 4 years in consumer lending.

Experience
- Built Tableau dashboards for the collections team, cutting weekly report preparation from 3 days to 4 hours.
- Wrote Python scripts that clean and reconcile 2 million loan records every night.
- Organised the office charity run, raising 4,000 pounds.

Skills: Excel, Tableau, Python, presentation design
"""

COMPANY_PAGE = """How our analytics team works
Our analysts sit with the collections and lending teams, not in a separate tower. Every month the team presents
arrears trends to the credit committee, and the committee expects a clear story: what changed, why, and what we
should do about it, in plain English rather than raw tables.
We moved our reporting from spreadsheets to Tableau in 2024, and we are now rebuilding our data pipelines in
Python. Our offices are in Leeds and Newcastle, and the Leeds office has a rooftop garden.
"""

ANSWER_SHOWING = ("In my last role I presented the monthly arrears findings to senior leaders who were not technical. "
                  "I explained what changed and why in plain English, with one chart per point, and they approved "
                  "a new collections strategy that cut missed payments by 8 percent.")
ANSWER_OTHER = ("I enjoy working with people and I am always keen to learn new things. I think I would be a good "
                "fit for the culture here.")
