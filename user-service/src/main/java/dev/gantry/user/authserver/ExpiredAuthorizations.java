package dev.gantry.user.authserver;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Deletes authorizations whose tokens have all expired: every client_credentials grant stores one, so without this
 * the table would grow without bound. Any instance may run it; concurrent runs delete the same rows harmlessly.
 */
@Component
class ExpiredAuthorizations {

    /** Kept a little past expiry, so a token presented just after it expired is still recognised as ours. */
    static final Duration GRACE = Duration.ofHours(1);

    private final JdbcClient jdbc;
    private final Clock clock;

    ExpiredAuthorizations(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Scheduled(initialDelayString = "PT1M", fixedDelayString = "PT10M")
    int prune() {
        int pruned = jdbc.sql("""
                delete from oauth2_authorization
                where coalesce(access_token_expires_at, authorization_code_expires_at) < :cutoff
                  and (refresh_token_expires_at is null or refresh_token_expires_at < :cutoff)
                  and (device_code_expires_at is null or device_code_expires_at < :cutoff)
                """)
                .param("cutoff", clock.instant().minus(GRACE).atOffset(ZoneOffset.UTC))
                .update();
        // rotated-away refresh tokens matter only while their family exists
        jdbc.sql("""
                delete from refresh_token_history h
                where not exists (select 1 from oauth2_authorization a where a.id = h.authorization_id)
                """).update();
        return pruned;
    }
}
