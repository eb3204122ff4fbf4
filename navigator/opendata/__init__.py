"""Open data: the catalogue in standard formats (Open Referral HSDS), a service over the catalogue."""
