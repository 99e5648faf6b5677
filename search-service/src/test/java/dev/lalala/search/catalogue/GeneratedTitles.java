package dev.lalala.search.catalogue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Song titles of the generated catalogue that both the search benchmark (bench/search) and SearchLatencyIT index and
 * query: English, Korean with particles, and mixed, so the two measure the same kind of catalogue.
 */
public final class GeneratedTitles {

    public static final String[] EN = ("midnight city rain dance summer river light shadow dream fire ocean road "
            + "heart star moon sun winter golden silver electric velvet neon lonely broken wild sweet blue red green "
            + "echo thunder whisper paper glass crystal garden ghost angel machine sugar cane lullaby highway desert "
            + "mountain morning evening forever tonight yesterday tomorrow memory story letter window mirror")
            .split(" ");
    public static final String[] KO = ("서울 밤 사랑 바다 하늘 별 달 꿈 비 눈물 노래 여름 겨울 봄 가을 바람 기억 추억 "
            + "하루 마음 시간 도시 거리 불빛 새벽 아침 저녁 편지 그대 우리 너 나 빛 길 꽃 나무 강 산 섬 파도").split(" ");
    public static final String[] PARTICLES = {"", "의", "에", "을", "는", "와", "로"};

    private GeneratedTitles() {}

    /** Two or three English words, Korean words with a particle, or Korean and English mixed. */
    public static String title(Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> cap(pick(r, EN)) + " " + cap(pick(r, EN));
            case 1 -> cap(pick(r, EN)) + " " + cap(pick(r, EN)) + " " + cap(pick(r, EN));
            case 2 -> pick(r, KO) + pick(r, PARTICLES) + " " + pick(r, KO);
            default -> pick(r, KO) + pick(r, PARTICLES) + " " + cap(pick(r, EN));
        };
    }

    /** The word with two neighbouring letters swapped (words under five letters are left as they are). */
    public static String typo(Random r, String word) {
        if (word.length() < 5) {
            return word;
        }
        int i = 1 + r.nextInt(word.length() - 2);
        return word.substring(0, i) + word.charAt(i + 1) + word.charAt(i) + word.substring(i + 2);
    }

    public static String pick(Random r, String[] words) {
        return words[r.nextInt(words.length)];
    }

    public static String cap(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** What the bench and SearchLatencyIT ask: 500 searches (one or two words, Korean, English or both, one in five
     *  with transposed letters) and 500 prefixes (1-6 letters or 1-2 syllables), the same for the same seed. */
    public record QueryMix(List<String> queries, List<String> prefixes) {
    }

    public static QueryMix queryMix(long seed) {
        List<String> queries = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        Random q = new Random(seed);
        for (int i = 0; i < 500; i++) {
            switch (i % 5) {
                case 0 -> queries.add(pick(q, EN));
                case 1 -> queries.add(pick(q, EN) + " " + pick(q, EN));
                case 2 -> queries.add(pick(q, KO) + pick(q, PARTICLES));
                case 3 -> queries.add(pick(q, KO) + " " + pick(q, EN));
                default -> queries.add(typo(q, pick(q, EN)));
            }
            String word = i % 2 == 0 ? pick(q, EN) : pick(q, KO);
            prefixes.add(word.substring(0, Math.min(word.length(), 1 + q.nextInt(i % 2 == 0 ? 6 : 2))));
        }
        return new QueryMix(List.copyOf(queries), List.copyOf(prefixes));
    }
}
