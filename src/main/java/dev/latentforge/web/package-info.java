/**
 * Cross-cutting HTTP concerns: RFC 9457 problem responses with stable type URIs, request
 * ids, body-size limits, paging, and the OpenAPI document's configuration.
 */
package dev.latentforge.web;
