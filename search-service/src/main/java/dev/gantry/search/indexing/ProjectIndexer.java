package dev.gantry.search.indexing;

import java.util.List;

import org.springframework.stereotype.Component;

import dev.gantry.events.Event;
import dev.gantry.events.projects.ProjectCreated;
import dev.gantry.events.projects.ProjectMember;

/** Keeps project documents in the index from project-service's events. */
@Component
class ProjectIndexer {

    private final SearchIndex index;

    ProjectIndexer(SearchIndex index) {
        this.index = index;
    }

    void onCreated(Event<ProjectCreated> event) {
        ProjectCreated project = event.payload();
        List<java.util.UUID> members = project.members().stream().map(ProjectMember::userId).toList();
        index.put(SearchDocument.projectDocumentId(project.projectId()), new SearchDocument(SearchDocument.PROJECT,
                event.tenantId(), project.projectId(), project.key(), project.name(), project.description(),
                project.status(), members, event.time()), event.aggregateVersion());
    }
}
