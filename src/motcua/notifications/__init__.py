"""Notifications to applicants: e-mail now (SMS and Zalo providers later), with a delivery log."""
