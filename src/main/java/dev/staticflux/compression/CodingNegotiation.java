package dev.staticflux.compression;

import java.util.List;
import java.util.Set;

import dev.staticflux.files.ContentCoding;

/**
 * Chooses the content coding of a response among those the server can send for one file:
 * its precompressed variants and the codings it may be compressed with on the fly.
 *
 * <p>
 * The client's quality values come first: the coding with the highest q wins, and one
 * with {@code q=0} is never chosen (RFC 9110 §12.5.3). Among codings of equal q, a
 * precompressed variant wins over compression on the fly (it was made ahead, often at a
 * higher level than on-the-fly compression affords, and costs no CPU and no cache
 * memory), then the server's configured order decides ({@code staticflux.precompressed}
 * among variants, {@code staticflux.compression.codings} among on-the-fly codings),
 * whatever the order of the client's header. Identity is the answer when nothing
 * acceptable is available. As with every widespread server, identity's own q does not
 * compete: a coding the client accepts is preferred to sending the file as it is.
 */
public final class CodingNegotiation {

	private CodingNegotiation() {
	}

	/**
	 * @param accepted the client's quality values
	 * @param preference the codings of precompressed variants, most preferred first
	 * ({@code staticflux.precompressed})
	 * @param variants codings whose precompressed variant exists for this file
	 * @param onTheFly codings this file may be compressed with, most preferred first
	 * (empty when not compressible)
	 * @return the coding to send, {@link ContentCoding#IDENTITY} for the file as it is
	 */
	public static ContentCoding choose(AcceptedCodings accepted, List<ContentCoding> preference,
			Set<ContentCoding> variants, List<ContentCoding> onTheFly) {
		ContentCoding best = ContentCoding.IDENTITY;
		float bestQuality = 0;
		if (!variants.isEmpty()) {
			for (ContentCoding coding : preference) {
				float quality = variants.contains(coding) ? accepted.quality(coding) : 0;
				if (quality > bestQuality) {
					best = coding;
					bestQuality = quality;
				}
			}
		}
		for (ContentCoding coding : onTheFly) {
			float quality = accepted.quality(coding);
			// strictly greater: on a tie the precompressed variant chosen above stays
			if (quality > bestQuality) {
				best = coding;
				bestQuality = quality;
			}
		}
		return best;
	}

	/**
	 * Whether the response for this file depends on {@code Accept-Encoding}, and so must
	 * say {@code Vary: Accept-Encoding} whichever coding it carries, identity included
	 * (RFC 9110 §12.5.5).
	 */
	public static boolean varies(Set<ContentCoding> variants, List<ContentCoding> onTheFly) {
		return !variants.isEmpty() || !onTheFly.isEmpty();
	}

}
