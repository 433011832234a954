package dev.latentforge.security;

import dev.latentforge.web.ApiException;
import dev.latentforge.web.PageQuery;
import dev.latentforge.web.PageResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The audit log, for admins. */
@RestController
@RequestMapping("/api/v1/audit")
@Tag(name = "Keys")
class AuditController {

	private final AuditLog audit;

	AuditController(AuditLog audit) {
		this.audit = audit;
	}

	@GetMapping
	@Operation(operationId = "listAudit", summary = "The audit log (admin)",
			description = "Every state-changing call, accepted or refused, newest first.")
	PageResponse<AuditLog.Entry> list(@RequestParam(required = false) String owner,
			@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
		if (page < 0) {
			throw ApiException.invalid("page", "must be 0 or more");
		}
		if (size < 1 || size > PageQuery.MAX_SIZE) {
			throw ApiException.invalid("size", "must be between 1 and " + PageQuery.MAX_SIZE);
		}
		long total = this.audit.count(owner);
		return new PageResponse<>(this.audit.list(owner, page, size),
				new PageResponse.PageMetadata(page, size, total, (int) ((total + size - 1) / size)));
	}

}
