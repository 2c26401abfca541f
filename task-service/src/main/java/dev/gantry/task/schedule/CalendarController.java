package dev.gantry.task.schedule;

import java.time.LocalDate;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.gantry.common.security.CurrentUser;
import dev.gantry.common.web.Versions;

@RestController
@RequestMapping("/api/v1/calendar")
class CalendarController {

    private final Calendars calendars;

    CalendarController(Calendars calendars) {
        this.calendars = calendars;
    }

    record DaySetting(@NotNull Boolean working, @Size(max = 100) String name) {
    }

    @GetMapping
    ResponseEntity<Calendars.CalendarView> get(@AuthenticationPrincipal Jwt token,
            @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        Calendars.CalendarView view = calendars.get(CurrentUser.from(token), from, to);
        return ResponseEntity.ok().header(HttpHeaders.ETAG, Versions.etag(view.version())).body(view);
    }

    /** Marks a day as a holiday ({@code working: false}) or a make-up working day ({@code working: true}). */
    @PutMapping("/days/{date}")
    ResponseEntity<Calendars.CalendarDay> setDay(@AuthenticationPrincipal Jwt token,
            @PathVariable @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate date,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @Valid @RequestBody DaySetting setting) {
        long expected = Versions.expected(ifMatch);
        Calendars.CalendarDay day = new Calendars.CalendarDay(date, setting.working(), setting.name());
        long version = calendars.setDay(CurrentUser.from(token), expected, day);
        return ResponseEntity.ok().header(HttpHeaders.ETAG, Versions.etag(version)).body(day);
    }

    @DeleteMapping("/days/{date}")
    ResponseEntity<Void> removeDay(@AuthenticationPrincipal Jwt token,
            @PathVariable @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate date,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        long version = calendars.removeDay(CurrentUser.from(token), Versions.expected(ifMatch), date);
        return ResponseEntity.noContent().header(HttpHeaders.ETAG, Versions.etag(version)).build();
    }
}
