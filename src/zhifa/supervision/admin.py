"""Nothing of the supervision app is registered in the admin: a complaint holds the complainant's name and
phone, which staff read only through services.complaint_identity_read (journaled, DESIGN.md invariant 8),
and every change of a complaint is a journaled step (services.py). Its regional settings are
ProcedureSetting rows (cases admin)."""
