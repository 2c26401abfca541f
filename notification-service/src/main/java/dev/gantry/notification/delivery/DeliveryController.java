package dev.gantry.notification.delivery;

import java.util.List;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.gantry.common.membership.ProjectAccess;
import dev.gantry.common.security.CurrentUser;
import dev.gantry.common.web.CursorPage;
import dev.gantry.common.web.PageRequest;
import dev.gantry.common.web.ProblemException;
import dev.gantry.common.web.Problems;
import dev.gantry.common.web.ValidationProblem;

/** The tenant admins' view of deliveries: what failed for good, and sending it again. */
@RestController
@RequestMapping("/api/v1/notifications/deliveries")
class DeliveryController {

    private final Deliveries deliveries;
    private final DeliveryWorker worker;

    DeliveryController(Deliveries deliveries, DeliveryWorker worker) {
        this.deliveries = deliveries;
        this.worker = worker;
    }

    @GetMapping
    CursorPage<Delivery> list(@AuthenticationPrincipal Jwt token, @RequestParam(required = false) String status,
            @RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
        requireAdmin(token);
        return deliveries.list(status(status), PageRequest.of(limit, cursor));
    }

    @PostMapping("/{id}/retry")
    Delivery retry(@AuthenticationPrincipal Jwt token, @PathVariable UUID id) {
        requireAdmin(token);
        Delivery delivery = deliveries.retry(id);
        worker.wake();
        return delivery;
    }

    private static DeliveryStatus status(String status) {
        if (status == null) {
            return null;
        }
        try {
            return DeliveryStatus.valueOf(status);
        } catch (IllegalArgumentException e) {
            throw new ValidationProblem(List.of(new Problems.FieldError("status", "must be PENDING, SENT or FAILED")));
        }
    }

    private static void requireAdmin(Jwt token) {
        if (!ProjectAccess.isTenantAdmin(CurrentUser.from(token))) {
            throw new ProblemException(HttpStatus.FORBIDDEN, Problems.FORBIDDEN, "Not allowed",
                    "Only the organisation's OWNERs and ADMINs see and retry deliveries.");
        }
    }
}
