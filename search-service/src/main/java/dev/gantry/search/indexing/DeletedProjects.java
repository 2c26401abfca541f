package dev.gantry.search.indexing;

import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Which projects were deleted, from the membership projection (common-lib keeps a deleted project as a row with
 * status DELETED at the deletion's version). Read in the event's tenant transaction, so row-level security scopes it.
 */
@Component
public class DeletedProjects {

    private final JdbcClient jdbc;

    DeletedProjects(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public boolean contains(UUID projectId) {
        return jdbc.sql("select count(*) from projects where id = :id and status = 'DELETED'")
                .param("id", projectId).query(Long.class).single() > 0;
    }
}
