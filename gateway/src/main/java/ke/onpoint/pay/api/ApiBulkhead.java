package ke.onpoint.pay.api;

import java.util.List;
import java.util.concurrent.Executor;

import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.component.platform.http.spi.PlatformHttpConsumer;
import org.apache.camel.component.platform.http.spi.PlatformHttpEngine;
import org.apache.camel.component.platform.http.springboot.SpringBootPlatformHttpConsumer;
import org.apache.camel.component.platform.http.springboot.SpringBootPlatformHttpEngine;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * A bulkhead between reads and provider calls. Camel's platform-http runs every API route on a worker pool; routes
 * that wait on a provider (initiate, refund, status, the card webhooks that verify) get a pool of their own, so a
 * slow Daraja or card processor fills that pool while reads such as {@code GET /payments/transactions} keep theirs.
 */
@Configuration
public class ApiBulkhead {

    /** Replaces the starter's engine (it is {@code @ConditionalOnMissingBean}; Camel finds it by this name). */
    @Bean("platform-http-engine")
    PlatformHttpEngine springBootPlatformHttpEngine(
            @Value("${server.port:8080}") int port,
            @Qualifier("applicationTaskExecutor") Executor reads,
            @Value("${onpoint.api.provider-threads}") int providerThreads,
            @Value("${onpoint.api.provider-paths}") List<String> providerPaths) {
        return new Engine(
                port,
                reads,
                providerThreads,
                providerPaths.stream().map(String::trim).toList());
    }

    static final class Engine extends SpringBootPlatformHttpEngine implements DisposableBean {

        private final ThreadPoolTaskExecutor providerCalls = new ThreadPoolTaskExecutor();
        private final List<String> providerPaths;

        Engine(int port, Executor reads, int providerThreads, List<String> providerPaths) {
            super(port, reads);
            this.providerPaths = providerPaths;
            // not a bean: an Executor bean would replace Spring Boot's applicationTaskExecutor, which reads use
            providerCalls.setCorePoolSize(providerThreads);
            providerCalls.setMaxPoolSize(providerThreads);
            providerCalls.setQueueCapacity(10_000);
            providerCalls.setAllowCoreThreadTimeOut(true);
            providerCalls.setThreadNamePrefix("provider-call-");
            providerCalls.initialize();
        }

        @Override
        public PlatformHttpConsumer createConsumer(PlatformHttpEndpoint endpoint, Processor processor) {
            return callsProviders(endpoint.getPath())
                    ? new SpringBootPlatformHttpConsumer(endpoint, processor, providerCalls)
                    : super.createConsumer(endpoint, processor);
        }

        boolean callsProviders(String path) {
            String normalised = path == null ? "" : path.replaceAll("/+$", "");
            return providerPaths.stream().anyMatch(normalised::endsWith);
        }

        @Override
        public void destroy() {
            providerCalls.shutdown();
        }
    }
}
