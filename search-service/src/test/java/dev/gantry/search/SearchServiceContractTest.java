package dev.gantry.search;

import dev.gantry.test.GantryIntegrationTest;
import dev.gantry.test.ServiceContract;

@GantryIntegrationTest
class SearchServiceContractTest extends ServiceContract {

    @Override
    protected String protectedPath() {
        return "/api/v1/search";
    }

    @Override
    protected java.util.List<String> readinessComponents() {
        return java.util.List.of("db", "redis", "kafka", "elasticsearch", "readinessState");
    }

    @Override
    protected String serviceName() {
        return "search-service";
    }
}
