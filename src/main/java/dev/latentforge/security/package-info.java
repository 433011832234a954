/**
 * Who may do what: API keys (stored as hashes, shown once, revocable, optionally
 * expiring) and an optional OAuth2/JWT resource server, three roles (viewer, trainer,
 * admin), owners that scope every resource, per-owner quotas, and an audit log of every
 * state-changing call.
 */
package dev.latentforge.security;
