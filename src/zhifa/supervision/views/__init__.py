"""Pages of the supervision app: `public` (the portal, no login) and `staff` (the workbench)."""
