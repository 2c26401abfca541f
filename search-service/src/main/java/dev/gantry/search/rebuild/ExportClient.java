package dev.gantry.search.rebuild;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.oauth2.client.AuthorizedClientServiceOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.InMemoryOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientProviderBuilder;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.client.OAuth2ClientHttpRequestInterceptor;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.gantry.events.projects.ExportedProject;
import dev.gantry.events.tasks.ExportedComment;
import dev.gantry.events.tasks.ExportedTask;

/**
 * Reads the source services' paged internal exports ({@code /internal/v1/export/...} of project-service and
 * task-service) with a client_credentials token (scope {@code gantry.export}, no tenant), obtained and renewed by
 * Spring Security's OAuth2 client.
 */
@Component
class ExportClient {

    private static final String REGISTRATION = "gantry-export";

    private final RestClient projects;
    private final RestClient tasks;
    private final JsonMapper json;
    private final int pageSize;

    ExportClient(ExportProperties properties, JsonMapper json) {
        this.json = json;
        this.pageSize = properties.pageSize();
        ClientRegistration registration = ClientRegistration.withRegistrationId(REGISTRATION)
                .tokenUri(properties.tokenUri().toString())
                .clientId(properties.clientId())
                .clientSecret(properties.clientSecret())
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                .scope(ExportProperties.SCOPE)
                .build();
        var registrations = new InMemoryClientRegistrationRepository(registration);
        var manager = new AuthorizedClientServiceOAuth2AuthorizedClientManager(registrations,
                new InMemoryOAuth2AuthorizedClientService(registrations));
        manager.setAuthorizedClientProvider(OAuth2AuthorizedClientProviderBuilder.builder().clientCredentials().build());
        OAuth2ClientHttpRequestInterceptor oauth = new OAuth2ClientHttpRequestInterceptor(manager);
        oauth.setClientRegistrationIdResolver(request -> REGISTRATION);
        // the service acts for itself, whoever asked for the rebuild: one token for all calls
        var service = new AnonymousAuthenticationToken("search-service", "search-service",
                AuthorityUtils.createAuthorityList("ROLE_SERVICE"));
        oauth.setPrincipalResolver(request -> service);
        SimpleClientHttpRequestFactory timeouts = new SimpleClientHttpRequestFactory();
        timeouts.setConnectTimeout(properties.timeout());
        timeouts.setReadTimeout(properties.timeout());
        this.projects = RestClient.builder().baseUrl(properties.projectServiceUrl().toString()).requestFactory(timeouts)
                .requestInterceptor(oauth).build();
        this.tasks = RestClient.builder().baseUrl(properties.taskServiceUrl().toString()).requestFactory(timeouts)
                .requestInterceptor(oauth).build();
    }

    /** Tenants that have data in either source service. */
    Set<UUID> tenants() {
        Set<UUID> tenants = new LinkedHashSet<>();
        for (RestClient source : List.of(projects, tasks)) {
            pages(source, "/internal/v1/export/tenants", null, item -> tenants.add(UUID.fromString(
                    item.isString() ? item.asString() : item.has("tenantId") ? item.get("tenantId").asString()
                            : item.get("id").asString())));
        }
        return tenants;
    }

    void projects(UUID tenantId, Consumer<List<ExportedProject>> page) {
        paged(projects, "/internal/v1/export/projects", tenantId, ExportedProject.class, page);
    }

    void tasks(UUID tenantId, Consumer<List<ExportedTask>> page) {
        paged(tasks, "/internal/v1/export/tasks", tenantId, ExportedTask.class, page);
    }

    void comments(UUID tenantId, Consumer<List<ExportedComment>> page) {
        paged(tasks, "/internal/v1/export/comments", tenantId, ExportedComment.class, page);
    }

    private <T> void paged(RestClient source, String path, UUID tenantId, Class<T> type, Consumer<List<T>> page) {
        List<T> batch = new ArrayList<>();
        pages(source, path, tenantId, item -> batch.add(json.treeToValue(item, type)), () -> {
            page.accept(List.copyOf(batch));
            batch.clear();
        });
    }

    private void pages(RestClient source, String path, UUID tenantId, Consumer<JsonNode> item) {
        pages(source, path, tenantId, item, () -> { });
    }

    /** Follows {@code nextCursor} until the last page; calls {@code endOfPage} after each page's items. */
    private void pages(RestClient source, String path, UUID tenantId, Consumer<JsonNode> item, Runnable endOfPage) {
        String cursor = null;
        do {
            String after = cursor;
            JsonNode body = source.get().uri(u -> {
                u.path(path).queryParam("limit", pageSize);
                if (tenantId != null) {
                    u.queryParam("tenantId", tenantId);
                }
                return after == null ? u.build() : u.queryParam("cursor", "{cursor}").build(after);
            }).retrieve().body(JsonNode.class);
            JsonNode items = body == null ? null : body.isArray() ? body : body.get("items");
            if (items != null) {
                items.forEach(item);
            }
            endOfPage.run();
            JsonNode next = body == null || body.isArray() ? null : body.get("nextCursor");
            cursor = next == null || next.isNull() ? null : next.asString();
        } while (cursor != null);
    }
}
