package ke.onpoint.pay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The deployment files as documents: the Kubernetes manifests ({@code deploy/k8s}) and {@code docker-compose.yml}
 * parse, their objects fit together (selectors, probes, ports, volumes), and every environment variable they or
 * {@code env.example} set is one the gateway reads, so a mistyped or retired setting cannot sit in a deployment
 * doing nothing. No cluster needed: plain YAML.
 */
class DeploymentManifestsTest {

    private static final Path ROOT = repositoryRoot();
    private static final Path K8S = ROOT.resolve("deploy/k8s");

    /**
     * Variables read outside application.yml's placeholders. "java": read by the gateway's own code (found with
     * {@code grep -rn 'getenv\|getProperty("[A-Z]' gateway/src/main}); the test checks each is still there. The
     * others are read by Spring Boot or the JVM themselves.
     */
    private static final Map<String, String> READ_ELSEWHERE = Map.of(
            "SPRING_PROFILES_ACTIVE", "Spring Boot (spring.profiles.active)",
            "JAVA_TOOL_OPTIONS", "the JVM",
            "JDK_JAVA_OPTIONS", "the java launcher (the Dockerfile's -Xmx256m)",
            "STARTUP_STEPS", "java: OnPointPayApplication, System.getenv (start-up step timing)",
            "GRAFANA_ADMIN_PASSWORD", "docker-compose.yml's grafana service (profile monitoring), not the gateway");

    /** Files in deploy/k8s that kustomization.yaml must not apply (a template of blanks) or need not (optional). */
    private static final Set<String> NOT_APPLIED_BY_DEFAULT = Set.of("secret.yaml", "hpa.yaml", "ingress.example.yaml");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+");
    private static final Pattern CREDENTIAL = Pattern.compile("SECRET|PASSWORD|PASSKEY|TOKEN|_KEY|HASH");

    /** PostgreSQL's default max_connections (100) less its superuser_reserved_connections (3). */
    private static final int DEFAULT_USABLE_CONNECTIONS = 97;

    private final List<Map<String, Object>> manifests = k8sDocuments();

    @Test
    void everyManifestParsesAndNamesItsObject() throws IOException {
        assertThat(manifests).as("documents under deploy/k8s").hasSizeGreaterThanOrEqualTo(6);
        Set<String> seen = new LinkedHashSet<>();
        for (Map<String, Object> doc : manifests) {
            String where = (String) doc.get("__file");
            assertThat(doc.get("apiVersion")).as("apiVersion in " + where).isNotNull();
            assertThat(doc.get("kind")).as("kind in " + where).isNotNull();
            if (!"Kustomization".equals(doc.get("kind"))) {
                assertThat(name(doc)).as("metadata.name in " + where).isNotBlank();
                assertThat(seen.add(doc.get("kind") + "/" + name(doc)))
                        .as("%s/%s defined once", doc.get("kind"), name(doc))
                        .isTrue();
            }
        }
        assertThat(seen)
                .contains(
                        "Namespace/onpoint-pay",
                        "ConfigMap/onpoint-pay-config",
                        "Secret/onpoint-pay-secrets",
                        "Deployment/onpoint-pay",
                        "Service/onpoint-pay",
                        "PodDisruptionBudget/onpoint-pay");
    }

    @Test
    void kustomizationAppliesEveryManifestButTheSecretTemplate() throws IOException {
        Map<String, Object> kustomization = the("Kustomization");
        List<String> resources = strings(kustomization.get("resources"));
        try (Stream<Path> files = Files.list(K8S)) {
            for (Path file : files.filter(DeploymentManifestsTest::yaml).toList()) {
                String name = file.getFileName().toString();
                if (name.equals("kustomization.yaml")) {
                    continue;
                }
                assertThat(resources.contains(name))
                        .as("kustomization.yaml lists %s (secret.yaml never: it would replace the real secrets)", name)
                        .isEqualTo(!NOT_APPLIED_BY_DEFAULT.contains(name));
            }
        }
        resources.forEach(
                r -> assertThat(K8S.resolve(r)).as("resource %s exists", r).exists());
    }

    @Test
    void deploymentRunsTwoProbedReplicasThatStopGracefully() {
        Map<String, Object> deployment = the("Deployment");
        Map<String, Object> spec = map(deployment.get("spec"));
        assertThat(((Number) spec.get("replicas")).intValue()).as("replicas").isGreaterThanOrEqualTo(2);
        assertThat(get(spec, "strategy.rollingUpdate.maxUnavailable"))
                .as("a new pod is ready before an old one goes")
                .isEqualTo(0);
        Map<String, Object> podLabels = map(get(spec, "template.metadata.labels"));
        assertThat(podLabels).containsAllEntriesOf(map(get(spec, "selector.matchLabels")));

        Map<String, Object> pod = map(get(spec, "template.spec"));
        assertThat(get(pod, "securityContext.runAsNonRoot")).isEqualTo(true);
        Map<String, Object> container = gateway(deployment);
        assertThat(get(container, "securityContext.readOnlyRootFilesystem")).isEqualTo(true);
        assertThat(get(container, "securityContext.allowPrivilegeEscalation")).isEqualTo(false);

        int port = Integer.parseInt(configValue("PORT", "8000"));
        assertProbe(container, "startupProbe", "/actuator/health/liveness", port);
        assertProbe(container, "livenessProbe", "/actuator/health/liveness", port);
        assertProbe(container, "readinessProbe", "/actuator/health/readiness", port);

        // the Dockerfile's 256 MB heap keeps the process under 512 MB RSS at full load (about 460 MB measured)
        assertThat(bytes(get(container, "resources.limits.memory"))).isGreaterThanOrEqualTo(512L << 20);
        assertThat(bytes(get(container, "resources.requests.memory"))).isGreaterThanOrEqualTo(460L << 20);

        // preStop, then Tomcat's graceful phase (Spring's 30 s per phase) must fit in the grace period
        List<String> preStop = strings(get(container, "lifecycle.preStop.exec.command"));
        int preStopSeconds =
                preStop.size() == 2 && preStop.get(0).equals("sleep") ? Integer.parseInt(preStop.get(1)) : 0;
        assertThat(((Number) pod.get("terminationGracePeriodSeconds")).intValue())
                .as("terminationGracePeriodSeconds")
                .isGreaterThan(preStopSeconds + 30);
    }

    @Test
    void everyDirectoryTheAppWritesIsAWritableVolume() {
        Map<String, Object> container = gateway(the("Deployment"));
        Map<String, Boolean> mounts = new LinkedHashMap<>();
        for (Object m : list(container.get("volumeMounts"))) {
            mounts.put((String) map(m).get("mountPath"), Boolean.TRUE.equals(map(m).get("readOnly")));
        }
        String logDir = Path.of(configValue("LOG_FILE", "logs/onpoint_pay.log"))
                .getParent()
                .toString();
        for (String dir : List.of("/tmp", logDir, configValue("KYC_STORAGE_DIR", "./data/kyc"))) {
            assertThat(dir)
                    .as("an absolute path (the root file system is read-only)")
                    .startsWith("/");
            assertThat(mounts).as("a writable volume at %s", dir).containsEntry(dir, false);
        }
        assertThat(mounts).as("MPESA_CERTIFICATE's directory").containsKey("/etc/onpoint/daraja");
        assertThat(secretValue("MPESA_CERTIFICATE")).startsWith("file:/etc/onpoint/daraja/");
    }

    @Test
    void disruptionBudgetAndServiceSelectTheGatewayPods() {
        Map<String, Object> deployment = the("Deployment");
        Map<String, Object> podLabels = map(get(deployment, "spec.template.metadata.labels"));
        int replicas = ((Number) get(deployment, "spec.replicas")).intValue();

        Map<String, Object> pdb = the("PodDisruptionBudget");
        Map<String, Object> pdbSelector = map(get(pdb, "spec.selector.matchLabels"));
        assertThat(pdbSelector).isNotEmpty();
        assertThat(podLabels).as("the PDB selects the Deployment's pods").containsAllEntriesOf(pdbSelector);
        assertThat(get(pdb, "spec.minAvailable")).isEqualTo(1);
        assertThat(replicas).as("a drain can still move one pod").isGreaterThan(1);

        Map<String, Object> service = the("Service");
        Map<String, Object> serviceSelector = map(get(service, "spec.selector"));
        assertThat(serviceSelector).isNotEmpty();
        assertThat(podLabels).as("the Service selects the Deployment's pods").containsAllEntriesOf(serviceSelector);
        Set<Object> containerPorts = containerPorts(gateway(deployment));
        for (Object port : list(get(service, "spec.ports"))) {
            assertThat(containerPorts).contains(map(port).get("targetPort"));
        }
        Set<Object> servicePorts = list(get(service, "spec.ports")).stream()
                .map(p -> map(p).get("name"))
                .collect(Collectors.toSet());
        for (Map<String, Object> ingress : all("Ingress")) {
            for (Object rule : list(get(ingress, "spec.rules"))) {
                for (Object path : list(get(map(rule), "http.paths"))) {
                    assertThat(get(map(path), "backend.service.name")).isEqualTo(name(service));
                    assertThat(servicePorts).contains(get(map(path), "backend.service.port.name"));
                }
            }
        }
    }

    @Test
    void autoscalerKeepsTwoReplicasAndTheDatabaseConnectionsInBounds() {
        Map<String, Object> hpa = the("HorizontalPodAutoscaler");
        assertThat(get(hpa, "spec.scaleTargetRef.kind")).isEqualTo("Deployment");
        assertThat(get(hpa, "spec.scaleTargetRef.name")).isEqualTo(name(the("Deployment")));
        assertThat(((Number) get(hpa, "spec.minReplicas")).intValue()).isGreaterThanOrEqualTo(2);
        int pool = Integer.parseInt(configValue("DB_POOL_SIZE", "24"));
        assertThat(((Number) get(hpa, "spec.maxReplicas")).intValue() * pool)
                .as("maxReplicas x DB_POOL_SIZE within PostgreSQL's default max_connections")
                .isLessThanOrEqualTo(DEFAULT_USABLE_CONNECTIONS);
    }

    @Test
    void deploymentTakesItsEnvironmentFromTheConfigMapAndTheSecret() {
        Map<String, Object> container = gateway(the("Deployment"));
        Set<String> sources = new TreeSet<>();
        for (Object from : list(container.get("envFrom"))) {
            Map<String, Object> ref = map(from);
            String kind = ref.containsKey("configMapRef") ? "ConfigMap" : "Secret";
            String refName = (String)
                    map(ref.getOrDefault("configMapRef", ref.get("secretRef"))).get("name");
            assertThat(all(kind).stream().map(DeploymentManifestsTest::name))
                    .as("%s %s is in deploy/k8s", kind, refName)
                    .contains(refName);
            sources.add(kind + "/" + refName);
        }
        assertThat(sources).containsExactly("ConfigMap/onpoint-pay-config", "Secret/onpoint-pay-secrets");
    }

    @Test
    void everyVariableSetIsOneTheApplicationReads() throws IOException {
        Set<String> read = variablesTheApplicationReads();
        Map<String, Set<String>> setBy = new LinkedHashMap<>();
        setBy.put("deploy/k8s (ConfigMap, Secret, env)", k8sVariables());
        setBy.put("docker-compose.yml (service app)", composeAppVariables());
        setBy.put("env.example", envExampleVariables());
        setBy.forEach((where, names) -> {
            assertThat(names).as(where).isNotEmpty();
            Set<String> unread = new TreeSet<>(names);
            unread.removeAll(read);
            assertThat(unread)
                    .as(
                            "set in %s but read by nothing (application.yml placeholders, DeploymentManifestsTest"
                                    + ".READ_ELSEWHERE)",
                            where)
                    .isEmpty();
        });
    }

    @Test
    void javaReadVariablesOfTheAllowListAreStillReadByTheCode() throws IOException {
        String sources;
        try (Stream<Path> files = Files.walk(ROOT.resolve("gateway/src/main/java"))) {
            sources = files.filter(f -> f.toString().endsWith(".java"))
                    .map(DeploymentManifestsTest::read)
                    .collect(Collectors.joining("\n"));
        }
        READ_ELSEWHERE.forEach((variable, where) -> {
            if (where.startsWith("java:")) {
                assertThat(sources).as("%s read by %s", variable, where).contains('"' + variable + '"');
            }
        });
    }

    @Test
    void everyRequiredSecretIsInTheSecretTemplateAndNoCredentialInTheConfigMap() throws IOException {
        Set<String> required = requiredInComposeHeader();
        assertThat(required).as("REQUIRED names in docker-compose.yml's header").contains("SECRET_KEY", "DB_PASSWORD");
        Set<String> secret = keys(the("Secret"));
        Set<String> config = keys(the("ConfigMap"));
        Set<String> missing = new TreeSet<>(required);
        missing.removeAll(secret);
        assertThat(missing)
                .as("REQUIRED (docker-compose.yml) but not in deploy/k8s/secret.yaml")
                .isEmpty();

        Set<String> both = new TreeSet<>(secret);
        both.retainAll(config);
        assertThat(both)
                .as("set in both the ConfigMap and the Secret (which one wins is envFrom's order)")
                .isEmpty();
        assertThat(config.stream().filter(n -> CREDENTIAL.matcher(n).find()))
                .as("credentials belong in the Secret")
                .isEmpty();
        // the template's blanks make the gateway refuse to start, naming them, until someone fills them in
        for (String name : required) {
            if (!name.equals("MPESA_CERTIFICATE")) {
                assertThat(secretValue(name))
                        .as("%s left blank in the template", name)
                        .isEmpty();
            }
        }
    }

    @Test
    void composeFileParsesAndItsAppStopsGracefully() {
        Map<String, Object> compose = composeFile();
        Map<String, Object> app = map(get(compose, "services.app"));
        assertThat(app.get("environment")).isNotNull();
        assertThat(app.get("stop_grace_period")).isNotNull();
    }

    // ------------------------------------------------------------------ what the application reads

    private static Set<String> variablesTheApplicationReads() {
        Set<String> read = new TreeSet<>(READ_ELSEWHERE.keySet());
        for (String resource : List.of("application.yml", "logback-spring.xml")) {
            Matcher m = PLACEHOLDER.matcher(read(ROOT.resolve("gateway/src/main/resources/" + resource)));
            while (m.find()) {
                read.add(m.group(1));
            }
        }
        assertThat(read).as("placeholders found").hasSizeGreaterThan(100);
        return read;
    }

    // ------------------------------------------------------------------ what the deployments set

    private Set<String> k8sVariables() {
        Set<String> names = new TreeSet<>();
        all("ConfigMap").forEach(c -> names.addAll(keys(c)));
        all("Secret").forEach(s -> names.addAll(keys(s)));
        for (Map<String, Object> deployment : all("Deployment")) {
            for (Object c : list(get(deployment, "spec.template.spec.containers"))) {
                list(map(c).get("env")).forEach(e -> names.add((String) map(e).get("name")));
            }
        }
        return names;
    }

    private static Set<String> composeAppVariables() {
        Object environment = get(composeFile(), "services.app.environment");
        Set<String> names = new TreeSet<>();
        if (environment instanceof Map<?, ?> m) {
            m.keySet().forEach(k -> names.add(k.toString()));
        } else {
            list(environment).forEach(e -> names.add(e.toString().split("=", 2)[0]));
        }
        return names;
    }

    private static Set<String> envExampleVariables() {
        return read(ROOT.resolve("env.example"))
                .lines()
                .filter(l -> l.matches("^[A-Z][A-Z0-9_]*=.*"))
                .map(l -> l.substring(0, l.indexOf('=')))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** The names in docker-compose.yml's header comment from "REQUIRED" to the end of that comment block. */
    private static Set<String> requiredInComposeHeader() {
        StringBuilder block = new StringBuilder();
        boolean inside = false;
        for (String line : read(ROOT.resolve("docker-compose.yml")).lines().toList()) {
            if (!line.startsWith("#")) {
                if (inside) {
                    break;
                }
                continue;
            }
            inside |= line.contains("REQUIRED");
            if (inside) {
                block.append(line.replace("file:/run/secrets/", "")).append('\n');
                if (line.contains("A missing one stops")) {
                    break;
                }
            }
        }
        Set<String> names = new TreeSet<>();
        Matcher m = ENV_NAME.matcher(block);
        while (m.find()) {
            names.add(m.group());
        }
        return names;
    }

    private String configValue(String key, String fallback) {
        Object value = map(the("ConfigMap").get("data")).get(key);
        return value == null ? fallback : value.toString();
    }

    private String secretValue(String key) {
        Object value = map(the("Secret").get("stringData")).get(key);
        return value == null ? null : value.toString();
    }

    // ------------------------------------------------------------------ Kubernetes objects

    private static void assertProbe(Map<String, Object> container, String probe, String path, int port) {
        Map<String, Object> http = map(get(container, probe + ".httpGet"));
        assertThat(http).as(probe).isNotEmpty();
        assertThat(http.get("path")).as(probe + " path").isEqualTo(path);
        Object probePort = http.get("port");
        Map<String, Object> named = list(container.get("ports")).stream()
                .map(DeploymentManifestsTest::map)
                .filter(p -> probePort.equals(p.get("name")) || probePort.equals(p.get("containerPort")))
                .findFirst()
                .orElseThrow(() -> new AssertionError(probe + " port " + probePort + " is not a container port"));
        assertThat(named.get("containerPort")).as(probe + " on the app's PORT").isEqualTo(port);
    }

    private static Set<Object> containerPorts(Map<String, Object> container) {
        Set<Object> ports = new LinkedHashSet<>();
        for (Object p : list(container.get("ports"))) {
            ports.add(map(p).get("name"));
            ports.add(map(p).get("containerPort"));
        }
        return ports;
    }

    private static Map<String, Object> gateway(Map<String, Object> deployment) {
        List<Object> containers = list(get(deployment, "spec.template.spec.containers"));
        assertThat(containers).hasSize(1);
        return map(containers.get(0));
    }

    private static Set<String> keys(Map<String, Object> configMapOrSecret) {
        Set<String> keys = new TreeSet<>();
        for (String field : List.of("data", "stringData")) {
            keys.addAll(map(configMapOrSecret.get(field)).keySet());
        }
        return keys;
    }

    private Map<String, Object> the(String kind) {
        List<Map<String, Object>> found = all(kind);
        assertThat(found).as("one %s in deploy/k8s", kind).hasSize(1);
        return found.get(0);
    }

    private List<Map<String, Object>> all(String kind) {
        return manifests.stream().filter(d -> kind.equals(d.get("kind"))).toList();
    }

    private static String name(Map<String, Object> doc) {
        return (String) map(doc.get("metadata")).get("name");
    }

    private static long bytes(Object quantity) {
        String q = String.valueOf(quantity);
        Matcher m = Pattern.compile("(\\d+)(Ki|Mi|Gi)?").matcher(q);
        assertThat(m.matches()).as("memory quantity %s", q).isTrue();
        int shift = m.group(2) == null
                ? 0
                : switch (m.group(2)) {
                    case "Ki" -> 10;
                    case "Mi" -> 20;
                    default -> 30;
                };
        return Long.parseLong(m.group(1)) << shift;
    }

    // ------------------------------------------------------------------ YAML

    private static List<Map<String, Object>> k8sDocuments() {
        List<Map<String, Object>> docs = new ArrayList<>();
        try (Stream<Path> files = Files.list(K8S)) {
            for (Path file :
                    files.filter(DeploymentManifestsTest::yaml).sorted().toList()) {
                try (Reader reader = Files.newBufferedReader(file)) {
                    for (Object doc : new Yaml().loadAll(reader)) {
                        if (doc != null) {
                            Map<String, Object> m = new LinkedHashMap<>(map(doc));
                            m.put("__file", file.getFileName().toString());
                            docs.add(m);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new AssertionError("deploy/k8s unreadable", e);
        }
        return docs;
    }

    private static Map<String, Object> composeFile() {
        return map(new Yaml().load(read(ROOT.resolve("docker-compose.yml"))));
    }

    private static boolean yaml(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".yaml") || name.endsWith(".yml");
    }

    private static Object get(Map<String, Object> from, String dotted) {
        Object current = from;
        for (String key : dotted.split("\\.")) {
            if (!(current instanceof Map<?, ?> m)) {
                return null;
            }
            current = m.get(key);
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        return value instanceof List<?> l ? (List<Object>) l : List.of();
    }

    private static List<String> strings(Object value) {
        return list(value).stream().map(String::valueOf).toList();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new AssertionError(file + " unreadable", e);
        }
    }

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("docker-compose.yml"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new AssertionError(
                    "no docker-compose.yml above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
