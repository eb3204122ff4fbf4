"""What citizens tell the editors: «did this page help?», satisfaction surveys after a decision, and demand
(page views, searches, clicks) counted per day without tracking anyone."""
