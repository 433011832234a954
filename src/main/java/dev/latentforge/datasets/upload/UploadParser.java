package dev.latentforge.datasets.upload;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.latentforge.datasets.DatasetFiles.SplitData;
import dev.latentforge.datasets.DatasetProperties;
import dev.latentforge.datasets.formats.Csv;
import dev.latentforge.datasets.formats.ZipArchive;
import dev.latentforge.tensors.Tensor;
import dev.latentforge.web.ApiException;

import org.springframework.stereotype.Component;

/**
 * Turns a multipart upload into a validated data set held in memory: checks the fields,
 * reads the IDX files or the archive, attaches the attributes and holds out the test
 * split. Writes nothing, so a refused upload leaves no trace.
 */
@Component
public class UploadParser {

	private final DatasetProperties properties;

	public UploadParser(DatasetProperties properties) {
		this.properties = properties;
	}

	/**
	 * Parses and validates an upload.
	 * @param form the multipart fields
	 * @return the data set to store
	 * @throws ApiException 400 naming the field at fault
	 */
	public UploadedDataset parse(UploadForm form) {
		UploadFields fields = UploadFields.check(form);
		long maxInflated = this.properties.maxInflatedSize().toBytes();
		boolean archive = form.archive() != null;
		List<String> classes;
		Map<String, Examples> splits;
		int bitDepth = 8;
		if (archive) {
			List<ZipArchive.Entry> entries = Uploads.read("archive", form.archive(),
					(in) -> ZipArchive.read(in, this.properties.maxArchiveEntries(), maxInflated));
			ArchiveImages images = Uploads.about("archive", () -> ArchiveImages.of(entries));
			classes = images.classes();
			splits = new LinkedHashMap<>(images.splits());
			bitDepth = images.bitDepth();
			if (fields.testFraction() != null && splits.containsKey("test")) {
				throw ApiException.invalid("testFraction", "the archive already has a test/ folder");
			}
		}
		else {
			IdxImages images = IdxImages.read(form, fields.classNames(), maxInflated);
			classes = images.classes();
			splits = new LinkedHashMap<>(images.splits());
		}
		AttributeTable attributes = null;
		if (form.attributes() != null) {
			Csv csv = Uploads.read("attributes", form.attributes(), (in) -> Csv.parse(in.readAllBytes()));
			attributes = Attributes.attach(csv, archive, splits);
		}
		if (fields.testFraction() != null) {
			Examples all = splits.get("train");
			int[][] rows = TestSplit.choose(all.count(), all.labels(), fields.testFraction(), fields.splitSeed());
			if (rows[0].length == 0 || rows[1].length == 0) {
				throw ApiException.invalid("testFraction",
						"leaves " + (rows[0].length == 0 ? "no train" : "no test") + " images out of " + all.count());
			}
			splits.put("train", all.select(rows[0]));
			splits.put("test", all.select(rows[1]));
		}
		Tensor train = splits.get("train").images();
		Map<String, SplitData> data = new LinkedHashMap<>();
		splits.forEach((name, examples) -> data.put(name,
				new SplitData(examples.images(), examples.labels(), examples.attributes())));
		return new UploadedDataset(fields.name(), train.dim(1), train.dim(2), train.dim(3), bitDepth, classes,
				(attributes != null) ? attributes.columns() : List.of(), data);
	}

}
