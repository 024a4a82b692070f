package ke.onpoint.pay.ops;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * What this instance read from the database for a few seconds: for settings asked on every payment and changed now
 * and then (a merchant's limits, its own shortcode). A change made here is forgotten at once; other instances see
 * it when their copy expires.
 */
public final class ShortLivedCache<K, V> {

    private record Entry<V>(V value, long readAt) {}

    private final long ttlMillis;
    private final ConcurrentHashMap<K, Entry<V>> entries = new ConcurrentHashMap<>();

    public ShortLivedCache(long ttlMillis) {
        this.ttlMillis = ttlMillis;
    }

    public V get(K key, Function<K, V> read) {
        long now = System.currentTimeMillis();
        Entry<V> known = entries.get(key);
        if (known == null || now - known.readAt() > ttlMillis) {
            known = new Entry<>(read.apply(key), now);
            entries.put(key, known);
        }
        return known.value();
    }

    public void forget(K key) {
        entries.remove(key);
    }
}
