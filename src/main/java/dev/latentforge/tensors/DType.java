package dev.latentforge.tensors;

import java.util.Arrays;

/**
 * Element types we read and write, with their NumPy descriptor and safetensors name. All
 * multi-byte types are little-endian on disk.
 */
public enum DType {

	FLOAT32("<f4", "F32", 4), FLOAT64("<f8", "F64", 8), UINT8("|u1", "U8", 1), UINT16("<u2", "U16", 2),
	INT32("<i4", "I32", 4), INT64("<i8", "I64", 8);

	private final String npyDescr;

	private final String safetensorsName;

	private final int size;

	DType(String npyDescr, String safetensorsName, int size) {
		this.npyDescr = npyDescr;
		this.safetensorsName = safetensorsName;
		this.size = size;
	}

	public String npyDescr() {
		return this.npyDescr;
	}

	public String safetensorsName() {
		return this.safetensorsName;
	}

	/** Bytes per element. */
	public int size() {
		return this.size;
	}

	static DType fromNpy(String descr) {
		String normalised = descr.replace("=", "<");
		if (normalised.equals("<u1")) {
			normalised = "|u1";
		}
		for (DType type : values()) {
			if (type.npyDescr.equals(normalised)) {
				return type;
			}
		}
		throw new TensorFormatException("unsupported npy dtype '" + descr + "' (supported: "
				+ Arrays.stream(values()).map(DType::npyDescr).toList() + ")");
	}

	static DType fromSafetensors(String name) {
		for (DType type : values()) {
			if (type.safetensorsName.equals(name)) {
				return type;
			}
		}
		throw new TensorFormatException("unsupported safetensors dtype '" + name + "'");
	}

}
