package dev.latentforge.datasets.formats;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Counts the bytes read through it and fails once they pass a limit, so that inflating a
 * compressed file stops at the limit whatever its headers claim.
 */
final class LimitedInputStream extends FilterInputStream {

	private final long limit;

	private final String what;

	private long count;

	LimitedInputStream(InputStream in, long limit, String what) {
		super(in);
		this.limit = limit;
		this.what = what;
	}

	@Override
	public int read() throws IOException {
		int b = super.read();
		if (b >= 0) {
			add(1);
		}
		return b;
	}

	@Override
	public int read(byte[] buffer, int offset, int length) throws IOException {
		int n = super.read(buffer, offset, length);
		if (n > 0) {
			add(n);
		}
		return n;
	}

	@Override
	public long skip(long n) throws IOException {
		long skipped = super.skip(n);
		add(skipped);
		return skipped;
	}

	@Override
	public boolean markSupported() {
		return false;
	}

	private void add(long n) {
		this.count += n;
		if (this.count > this.limit) {
			throw new InvalidFileException(this.what + " inflates to more than the limit of " + this.limit + " bytes");
		}
	}

}
