"""The SQLite schema, created on first start; identifiers are stored canonical and indexed."""

from __future__ import annotations

SCHEMA_VERSION = "1"

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS orgs (
  id INTEGER PRIMARY KEY, name TEXT NOT NULL, base_cc TEXT NOT NULL,
  dual_enabled INTEGER NOT NULL DEFAULT 0, dual_primary TEXT,
  primary_identifier TEXT NOT NULL DEFAULT 'mobile', reg_rule TEXT NOT NULL DEFAULT 'any');
CREATE TABLE IF NOT EXISTS users (
  username TEXT PRIMARY KEY, org_id INTEGER NOT NULL, password_md5 TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS tokens (
  token TEXT PRIMARY KEY, org_id INTEGER NOT NULL, expires_at REAL);
CREATE TABLE IF NOT EXISTS accounts (
  org_id INTEGER NOT NULL, source TEXT NOT NULL, account_id TEXT NOT NULL,
  PRIMARY KEY (org_id, source, account_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS programs (
  org_id INTEGER NOT NULL, program_id INTEGER NOT NULL, name TEXT NOT NULL,
  tiers TEXT NOT NULL, is_default INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (org_id, program_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS campaigns (
  org_id INTEGER NOT NULL, token TEXT NOT NULL, state TEXT NOT NULL,
  PRIMARY KEY (org_id, token)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS stores (
  org_id INTEGER NOT NULL, kind TEXT NOT NULL, code TEXT NOT NULL, id INTEGER NOT NULL,
  PRIMARY KEY (org_id, kind, code)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS customers (
  id INTEGER PRIMARY KEY AUTOINCREMENT, org_id INTEGER NOT NULL,
  first_name TEXT NOT NULL DEFAULT '', last_name TEXT NOT NULL DEFAULT '',
  loyalty_type TEXT NOT NULL DEFAULT 'loyalty', fraud INTEGER NOT NULL DEFAULT 0,
  merged_into INTEGER, extended TEXT NOT NULL DEFAULT '{}',
  status_label TEXT, status_reason TEXT, image TEXT,
  created_on TEXT NOT NULL, updated_on TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS identifiers (
  org_id INTEGER NOT NULL, type TEXT NOT NULL, value TEXT NOT NULL,
  customer_id INTEGER NOT NULL, raw TEXT NOT NULL,
  PRIMARY KEY (org_id, type, value)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS identifiers_customer ON identifiers (customer_id);
CREATE TABLE IF NOT EXISTS profiles (
  customer_id INTEGER NOT NULL, source TEXT NOT NULL, account_id TEXT NOT NULL,
  fields TEXT NOT NULL DEFAULT '{}',
  PRIMARY KEY (customer_id, source, account_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS subscriptions (
  customer_id INTEGER NOT NULL, channel TEXT NOT NULL, priority TEXT NOT NULL,
  type TEXT NOT NULL, PRIMARY KEY (customer_id, channel, priority)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS notes (
  id INTEGER PRIMARY KEY AUTOINCREMENT, customer_id INTEGER NOT NULL, key TEXT NOT NULL,
  value TEXT NOT NULL, created_on TEXT NOT NULL, updated_on TEXT NOT NULL,
  UNIQUE (customer_id, key));
CREATE TABLE IF NOT EXISTS preferences (
  customer_id INTEGER NOT NULL, name TEXT NOT NULL, value TEXT NOT NULL,
  PRIMARY KEY (customer_id, name)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS tickets (
  id INTEGER PRIMARY KEY AUTOINCREMENT, customer_id INTEGER NOT NULL, subject TEXT NOT NULL,
  message TEXT NOT NULL, priority TEXT NOT NULL, status TEXT NOT NULL,
  created_on TEXT NOT NULL, UNIQUE (customer_id, subject));
CREATE TABLE IF NOT EXISTS coupons (
  id INTEGER PRIMARY KEY AUTOINCREMENT, customer_id INTEGER NOT NULL, code TEXT NOT NULL,
  series_id INTEGER NOT NULL, description TEXT NOT NULL, valid_till TEXT NOT NULL,
  redeemed INTEGER NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS coupons_customer ON coupons (customer_id);
CREATE TABLE IF NOT EXISTS change_requests (
  id INTEGER PRIMARY KEY AUTOINCREMENT, customer_id INTEGER NOT NULL,
  identifier_name TEXT NOT NULL, new_value TEXT NOT NULL, status TEXT NOT NULL,
  created_on TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS invitees (
  id INTEGER PRIMARY KEY AUTOINCREMENT, customer_id INTEGER NOT NULL,
  campaign_token TEXT NOT NULL, type TEXT NOT NULL, identifier TEXT NOT NULL,
  invited_on TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS invitees_customer ON invitees (customer_id, campaign_token);
CREATE TABLE IF NOT EXISTS enrollments (
  customer_id INTEGER NOT NULL, program_id INTEGER NOT NULL, tier_number INTEGER NOT NULL,
  points REAL NOT NULL, promised REAL NOT NULL, lifetime REAL NOT NULL,
  PRIMARY KEY (customer_id, program_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS schedules (
  id INTEGER PRIMARY KEY AUTOINCREMENT, customer_id INTEGER NOT NULL,
  program_id INTEGER NOT NULL, kind TEXT NOT NULL, points REAL NOT NULL,
  day TEXT NOT NULL, points_type TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS schedules_customer ON schedules (customer_id, kind, day);
CREATE TABLE IF NOT EXISTS transactions (
  id INTEGER PRIMARY KEY AUTOINCREMENT, customer_id INTEGER NOT NULL,
  billing_time TEXT NOT NULL, bill_number TEXT NOT NULL, type TEXT NOT NULL,
  amount REAL NOT NULL, notes TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS transactions_customer ON transactions (customer_id, billing_time);
CREATE TABLE IF NOT EXISTS retro_requests (
  id INTEGER PRIMARY KEY AUTOINCREMENT, customer_id INTEGER NOT NULL, status TEXT NOT NULL,
  change_type TEXT NOT NULL, added_on TEXT NOT NULL, transaction_id INTEGER NOT NULL,
  reason TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS retro_customer ON retro_requests (customer_id, added_on);
"""
