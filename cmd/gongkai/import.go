package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"gongkai/internal/audit"
	"gongkai/internal/catalog"
	"gongkai/internal/disclosure"
	"gongkai/internal/org"
	"gongkai/internal/search"
	"gongkai/internal/store"
	"gongkai/internal/valid"
)

// importBatch is how many rows one transaction writes: big enough to be
// fast, small enough not to hold SQLite's writer for long.
const importBatch = 500

var importDocumentsCmd = &command{
	name:    "import documents",
	args:    "--unit CODE [--publish] [--dry-run] [--skip-errors] [--attachments DIR] FILE.csv|FILE.xlsx",
	summary: "从 CSV 或 XLSX 文件导入单位的公开信息（迁移旧档案） (import a unit's documents from a CSV or XLSX file)",
	detail: `第一行为表头：` + disclosure.ImportHeader + `，可另加 主题分类、体裁分类、主题词 和 附件 列。
CSV 可为 UTF-8 或 GBK 编码；XLSX 读取第一个工作表。日期写成 2024-03-05、2024/3/5 或 2024年3月5日。
栏目为本单位公开目录中的栏目名称或路径（如“行政规范性文件”或“政策文件/行政规范性文件”）；正文可为纯文本
（每行一段）或 HTML（导入时清理不安全的内容）；附件为 --attachments 目录中的文件名，多个用“;”分隔。
先检查全部行（含栏目、文件内重复、与已有文件的冲突），逐行列出所有问题；有问题时不导入任何文件，
除非使用 --skip-errors（导入没有问题的行，列出有问题的行）。以索引号（无索引号时以文号）识别文件，
重复导入时已相同导入的文件计为“未变”。不加 --publish 时导入为草稿（不能填发布日期和索引号）；加 --publish
时导入为已发布（须填发布日期；索引号为空时按发布年份生成），记录注明为导入及导入人 cli。
退出状态：0 成功，1 有行出错（或其他错误），2 参数错误。
(The first row is the header ` + disclosure.ImportHeader + `, optionally with 主题分类, 体裁分类, 主题词 and
附件. CSV may be UTF-8 or GBK; XLSX reads the first sheet. Every row is checked first (columns, duplicates
within the file, conflicts with existing documents) and every problem is listed with its line; if any row
is bad nothing is imported, unless --skip-errors imports the good rows. Documents are identified by 索引号,
else by 文号, so re-running an import counts identical documents as unchanged. Without --publish rows
become drafts; with --publish they are imported as published (发布日期 required; an empty 索引号 is
generated), recorded as imported by cli. Exit status: 0 ok, 1 when rows were bad, 2 on usage errors.)`,
	setup: func(fs *flag.FlagSet) func(*cli, []string) int {
		unit := fs.String("unit", "", "导入到哪个单位（单位编码） (`CODE` of the unit the documents belong to)")
		publish := fs.Bool("publish", false, "导入为已发布（迁移已公开的旧档案） (import as already published, for archives that were public)")
		dryRun := fs.Bool("dry-run", false, "只检查并报告数量，不写入 (check and count only; write nothing)")
		skip := fs.Bool("skip-errors", false, "跳过有问题的行，导入其余的行 (import the good rows, list the bad ones)")
		attDir := fs.String("attachments", "", "附件所在目录，附件列中的文件名相对于此目录 (`DIR` the 附件 column's file names are relative to)")
		pattern := fs.String("index-pattern", os.Getenv(envIndexPattern), "生成索引号的格式，须与网站服务一致，默认 "+disclosure.DefaultIndexPattern+
			"；也可用环境变量 "+envIndexPattern+" 设置 (index number `PATTERN`, as for serve; env "+envIndexPattern+")")
		maxMB := fs.Int("max-attachment-mb", 50, "单个附件的大小上限（MiB） (largest attachment, in `MiB`)")
		return func(c *cli, args []string) int {
			if len(args) != 1 {
				return c.usageError("请给出一个 .csv 或 .xlsx 文件 (give one .csv or .xlsx file)")
			}
			if strings.TrimSpace(*unit) == "" {
				return c.usageError("请用 --unit 指定单位编码 (give the unit with --unit)")
			}
			parse := disclosure.ParseImportCSV
			switch ext := strings.ToLower(filepath.Ext(args[0])); ext {
			case ".csv":
			case ".xlsx":
				parse = disclosure.ParseImportXLSX
			default:
				return c.usageError("不支持的文件类型 %q，请用 .csv 或 .xlsx (unsupported file type; use .csv or .xlsx)", ext)
			}
			if *pattern != "" {
				if _, err := disclosure.ParsePattern(*pattern); err != nil {
					return c.usageError("--index-pattern：%v", err)
				}
			}
			if *maxMB <= 0 {
				return c.usageError("--max-attachment-mb 应为正整数 (must be a positive number)")
			}
			if *attDir != "" {
				if st, err := os.Stat(*attDir); err != nil || !st.IsDir() {
					return c.usageError("--attachments：%s 不是目录 (not a directory)", *attDir)
				}
			}
			loc, err := location("")
			if err != nil {
				return c.failf("%v", err)
			}
			f, err := os.Open(args[0])
			if err != nil {
				return c.failf("无法打开文件 %s：%v (cannot open the file)", args[0], err)
			}
			rows, perr := parse(f)
			f.Close()
			var ve *valid.Errors
			if perr != nil && (rows == nil || !errors.As(perr, &ve)) {
				// The file as a whole, or every row, is bad.
				code := c.fail(perr)
				fmt.Fprintln(c.stderr, "未导入任何文件，请修改文件后重试 (nothing was imported; fix the file and try again)")
				return code
			}
			db, ok := c.openDB()
			if !ok {
				return exitFail
			}
			defer db.Close()
			var blobs disclosure.BlobStore = disclosure.NewDBBlobStore(db)
			if db.Dialect() == store.SQLite && c.dataDir != "" {
				blobs = disclosure.NewDiskBlobStore(filepath.Join(c.dataDir, "blobs"))
			}
			docs, err := disclosure.NewService(db, disclosure.Config{Location: loc, IndexPattern: *pattern,
				MaxAttachment: int64(*maxMB) << 20, Blobs: blobs})
			if err != nil {
				return c.failf("%v", err)
			}
			imp := &docImport{c: c, db: db, docs: docs, cat: catalog.NewService(db), publish: *publish, dryRun: *dryRun,
				skip: *skip, attDir: *attDir, bad: map[int][]valid.Problem{}}
			if ve != nil {
				for _, p := range ve.Problems {
					imp.problem(p.Line, p.Field, p.Message)
				}
			}
			return imp.run(*unit, rows)
		}
	},
}

// docImport is one run of `import documents`.
type docImport struct {
	c       *cli
	db      *store.DB
	docs    *disclosure.Service
	cat     *catalog.Service
	publish bool
	dryRun  bool
	skip    bool
	attDir  string
	unit    org.Unit

	bad     map[int][]valid.Problem // by line
	columns map[string]int64        // resolved column names
	// indexTime is the time spent indexing the written rows for search.
	indexTime time.Duration
	colErr    map[string]string
}

// pending is a row that passed the checks, as ImportOne takes it.
type pending struct {
	row disclosure.ImportRow
	in  disclosure.ImportInput
}

func (d *docImport) problem(line int, field, msg string) {
	d.bad[line] = append(d.bad[line], valid.Problem{Line: line, Field: field, Message: msg})
}

func (d *docImport) run(unitCode string, rows []disclosure.ImportRow) int {
	c := d.c
	u, ok := c.unitByCode(org.NewService(d.db), strings.TrimSpace(unitCode))
	if !ok {
		return exitFail
	}
	if !u.Active {
		return c.failf("单位 %s %s 已停用，不能导入 (the unit is deactivated)", u.Code, u.Name)
	}
	d.unit = u
	if !d.dryRun {
		search.Preload() // the dictionary loads while the rows are checked
	}
	// The unit's catalog must exist before its columns can be named.
	if err := d.cat.Ensure(c.ctx, u); err != nil {
		return c.fail(err)
	}

	good := d.check(rows)
	created, unchanged, err := d.rehearse(good)
	if err != nil {
		return c.fail(err)
	}
	good = slices.DeleteFunc(good, func(p pending) bool { return d.bad[p.row.Line] != nil })
	d.report()
	nBad := len(d.bad)
	if d.dryRun {
		fmt.Fprintf(c.stdout, "检查完成（--dry-run，未写入）：将新建 %d，未变 %d，错误 %d (dry run: %d to create, %d unchanged, %d bad)\n",
			created, unchanged, nBad, created, unchanged, nBad)
		return exitIf(nBad > 0)
	}
	if nBad > 0 && !d.skip {
		fmt.Fprintf(c.stderr, "共 %d 行有问题，未导入任何文件；请修改后重试，或用 --skip-errors 导入其余的行\n"+
			"(%d bad rows; nothing was imported; fix them or use --skip-errors)\n", nBad, nBad)
		fmt.Fprintf(c.stdout, "新建 0，未变 0，错误 %d (0 created, 0 unchanged, %d bad)\n", nBad, nBad)
		return exitFail
	}
	created, unchanged, done, err := d.write(good)
	if err != nil {
		line := 0
		if done < len(good) {
			line = good[done].row.Line
		}
		var ve *valid.Errors
		if errors.As(err, &ve) {
			for _, p := range ve.Problems {
				fmt.Fprintln(c.stderr, valid.Problem{Line: line, Field: importFieldName(p.Field), Message: p.Message}.String())
			}
		} else {
			fmt.Fprintf(c.stderr, "错误：第 %d 行：%v\n", line, err)
		}
		fmt.Fprintf(c.stderr, "导入中断：此前的 %d 行已导入，重新运行同一命令即可继续（已导入的行计为未变）\n"+
			"(import stopped; the %d rows before were imported; run the same command again to continue)\n", done, done)
		fmt.Fprintf(c.stdout, "新建 %d，未变 %d，错误 %d (%d created, %d unchanged, %d bad)\n",
			created, unchanged, nBad+1, created, unchanged, nBad+1)
		return exitFail
	}
	fmt.Fprintf(c.stdout, "导入完成：新建 %d，未变 %d，错误 %d (import done: %d created, %d unchanged, %d bad)\n",
		created, unchanged, nBad, created, unchanged, nBad)
	if created > 0 && d.indexTime > 0 {
		fmt.Fprintf(c.stderr, "检索索引：%d 件，用时 %s，每秒 %.0f 件 (search index: %d documents in %s, %.0f/s)\n",
			len(good), d.indexTime.Round(time.Millisecond), float64(len(good))/d.indexTime.Seconds(),
			len(good), d.indexTime.Round(time.Millisecond), float64(len(good))/d.indexTime.Seconds())
	}
	return exitIf(nBad > 0)
}

func exitIf(failed bool) int {
	if failed {
		return exitFail
	}
	return exitOK
}

// check validates what needs no transaction: the flags against the rows,
// duplicates within the file, the columns, the attachment files.
func (d *docImport) check(rows []disclosure.ImportRow) []pending {
	d.columns, d.colErr = map[string]int64{}, map[string]string{}
	seen := map[string]int{} // identifying key → first line
	var out []pending
	for _, r := range rows {
		line := r.Line
		switch {
		case d.publish && r.PublishedOn.IsZero():
			d.problem(line, "发布日期", "导入为已发布（--publish）时请填写发布日期")
		case !d.publish && !r.PublishedOn.IsZero():
			d.problem(line, "发布日期", "导入为草稿时不能填写发布日期；导入已发布的档案请加 --publish")
		}
		if !d.publish && r.IndexNo != "" {
			d.problem(line, "索引号", "导入为草稿时不能填写索引号（发布时生成）；导入已发布的档案请加 --publish")
		}
		for _, k := range importKeys(r) {
			if first, dup := seen[k.key]; dup {
				d.problem(line, k.field, fmt.Sprintf("与第 %d 行重复", first))
				break
			}
		}
		for _, k := range importKeys(r) {
			if _, dup := seen[k.key]; !dup {
				seen[k.key] = line
			}
		}
		colID := d.column(r.Column, line)
		for _, name := range r.Attachments {
			if d.attDir == "" {
				d.problem(line, "附件", "文件列出了附件，请用 --attachments 指定附件所在的目录")
				break
			}
			data, err := os.ReadFile(filepath.Join(d.attDir, filepath.FromSlash(name)))
			if err != nil {
				d.problem(line, "附件", fmt.Sprintf("无法读取附件“%s”：%v", name, errors.Unwrap(err)))
				continue
			}
			if err := d.docs.CheckImportFile(name, data); err != nil {
				d.addErr(line, err)
			}
		}
		if d.bad[line] != nil {
			continue
		}
		in := disclosure.ImportInput{UnitID: d.unit.ID, Publish: d.publish, PublishedOn: r.PublishedOn, IndexNo: r.IndexNo,
			Input: disclosure.Input{Title: r.Title, DocNo: r.DocNo, Publisher: r.Publisher, WrittenOn: r.WrittenOn,
				Topic: r.Topic, Genre: r.Genre, Keywords: r.Keywords, ColumnID: colID, BodyHTML: r.Body}}
		out = append(out, pending{row: r, in: in})
	}
	return out
}

type importKey struct{ field, key string }

// importKeys identify a row as ImportOne does: by 索引号, 文号, or title and
// 成文日期; two rows with the same key describe the same document.
func importKeys(r disclosure.ImportRow) []importKey {
	var ks []importKey
	if r.IndexNo != "" {
		ks = append(ks, importKey{"索引号", "i:" + r.IndexNo})
	}
	if r.DocNo != "" {
		ks = append(ks, importKey{"文号", "n:" + r.DocNo})
	}
	if len(ks) == 0 {
		ks = append(ks, importKey{"标题", "t:" + r.Title + "\x00" + r.WrittenOn.String()})
	}
	return ks
}

// column resolves a column name once per file.
func (d *docImport) column(name string, line int) int64 {
	if id, ok := d.columns[name]; ok {
		return id
	}
	if msg, ok := d.colErr[name]; ok {
		d.problem(line, "栏目", msg)
		return 0
	}
	col, err := d.cat.ResolvePath(d.c.ctx, d.unit.ID, name)
	var ve *valid.Errors
	switch {
	case errors.As(err, &ve):
		msg := ve.Problems[0].Message
		d.colErr[name] = msg
		d.problem(line, "栏目", msg)
		return 0
	case err != nil:
		d.colErr[name] = err.Error()
		d.problem(line, "栏目", err.Error())
		return 0
	}
	d.columns[name] = col.ID
	return col.ID
}

// addErr records a domain error of a row; it reports whether err was a
// row problem (other errors stop the import).
func (d *docImport) addErr(line int, err error) bool {
	var ve *valid.Errors
	if !errors.As(err, &ve) {
		return false
	}
	for _, p := range ve.Problems {
		d.problem(line, importFieldName(p.Field), p.Message)
	}
	return true
}

// errRehearsal rolls the rehearsal back.
var errRehearsal = errors.New("rehearsal")

// rehearse runs every row through ImportOne in one transaction that is
// rolled back, so that problems only the database can see (a 文号 already
// used, a differing earlier import, a taken 索引号) are reported for every
// row before anything is written, and the counts are known. Each row runs
// under a savepoint, so a failed row leaves the others unaffected (and
// PostgreSQL's transaction usable).
func (d *docImport) rehearse(rows []pending) (created, unchanged int, err error) {
	// The rehearsal is rolled back: nothing to index (the notes are dropped).
	ctx := search.Deferred(d.c.ctx)
	bar := d.bar(len(rows), "检查 (checking)")
	err = d.db.Tx(ctx, func(tx *store.Tx) error {
		for _, p := range rows {
			bar.Add(1)
			if _, err := tx.Exec(ctx, `SAVEPOINT import_row`); err != nil {
				return err
			}
			res, err := d.one(ctx, tx, p)
			if err != nil {
				if !d.addErr(p.row.Line, err) {
					return fmt.Errorf("第 %d 行：%w", p.row.Line, err)
				}
				if _, err := tx.Exec(ctx, `ROLLBACK TO SAVEPOINT import_row`); err != nil {
					return err
				}
				continue
			}
			if _, err := tx.Exec(ctx, `RELEASE SAVEPOINT import_row`); err != nil {
				return err
			}
			if res.Outcome == disclosure.ImportCreated {
				created++
			} else {
				unchanged++
			}
		}
		return errRehearsal
	})
	bar.Finish()
	if errors.Is(err, errRehearsal) {
		err = nil
	}
	return created, unchanged, err
}

// one imports a row with its attachments in tx (their content is stored
// beforehand, see write).
func (d *docImport) one(ctx context.Context, tx *store.Tx, p pending) (disclosure.ImportResult, error) {
	files, err := d.files(p.row)
	if err != nil {
		return disclosure.ImportResult{}, err
	}
	res, err := d.docs.ImportOne(ctx, tx, audit.CLI, p.in)
	if err != nil {
		return res, err
	}
	return res, d.docs.ImportFiles(ctx, tx, audit.CLI, res, files)
}

// files reads a row's attachments (again: holding every file of an archive
// in memory is not an option).
func (d *docImport) files(r disclosure.ImportRow) ([]disclosure.ImportFile, error) {
	var out []disclosure.ImportFile
	for _, name := range r.Attachments {
		data, err := os.ReadFile(filepath.Join(d.attDir, filepath.FromSlash(name)))
		if err != nil {
			return nil, fmt.Errorf("附件 %s：%w", name, err)
		}
		out = append(out, disclosure.ImportFile{Name: filepath.Base(name), Data: data})
	}
	return out, nil
}

// write imports the rows in transactions of importBatch rows. done is the
// number of rows written when it stops on an error.
func (d *docImport) write(rows []pending) (created, unchanged, done int, err error) {
	// Bodies, segmented words and SQL arguments are short-lived: collecting
	// at four times the live heap instead of twice halves segmentation's
	// time here, as in the demo's bulk load. Restored afterwards.
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	ctx := d.c.ctx
	bar := d.bar(len(rows), "导入 (importing)")
	defer bar.Finish()
	for start := 0; start < len(rows); start += importBatch {
		batch := rows[start:min(start+importBatch, len(rows))]
		// Blobs first, outside the transaction (the blob store may use the
		// database's single writer); an unused blob is harmless.
		for _, p := range batch {
			files, err := d.files(p.row)
			if err == nil {
				err = d.docs.PutImportFiles(ctx, files)
			}
			if err != nil {
				return created, unchanged, done, err
			}
		}
		var c, u, k int
		err := d.db.Tx(ctx, func(tx *store.Tx) error {
			c, u, k = 0, 0, 0
			// The batch's documents are indexed together before it commits:
			// segmentation runs on every core (search.FlushDeferred).
			ctx := search.Deferred(ctx)
			for _, p := range batch {
				res, err := d.one(ctx, tx, p)
				if err != nil {
					return err
				}
				if res.Outcome == disclosure.ImportCreated {
					c++
				} else {
					u++
				}
				k++
			}
			start := time.Now()
			err := search.FlushDeferred(ctx, tx)
			d.indexTime += time.Since(start)
			return err
		})
		if err != nil {
			return created, unchanged, done + k, err
		}
		created, unchanged, done = created+c, unchanged+u, done+len(batch)
		bar.Add(len(batch))
	}
	return created, unchanged, done, nil
}

// bar is a progress bar on a terminal, and silent otherwise (pipes, logs,
// tests).
func (d *docImport) bar(n int, what string) *progressbar.ProgressBar {
	f, ok := d.c.stdout.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) || n < 50 {
		return progressbar.NewOptions(n, progressbar.OptionSetWriter(io.Discard), progressbar.OptionSetVisibility(false))
	}
	return progressbar.NewOptions(n, progressbar.OptionSetWriter(f), progressbar.OptionSetDescription(what),
		progressbar.OptionShowCount(), progressbar.OptionSetWidth(30), progressbar.OptionThrottle(100_000_000),
		progressbar.OptionClearOnFinish())
}

// report prints every problem, by line.
func (d *docImport) report() {
	lines := make([]int, 0, len(d.bad))
	for l := range d.bad {
		lines = append(lines, l)
	}
	slices.Sort(lines)
	for _, l := range lines {
		for _, p := range d.bad[l] {
			fmt.Fprintln(d.c.stderr, p.String())
		}
	}
}

// importFieldName names a domain field as the file's column.
func importFieldName(f string) string {
	switch f {
	case "title":
		return "标题"
	case "doc_no":
		return "文号"
	case "publisher":
		return "发布机构"
	case "written_on":
		return "成文日期"
	case "published_on":
		return "发布日期"
	case "index_no":
		return "索引号"
	case "column_id", "column":
		return "栏目"
	case "body_html":
		return "正文"
	case "topic":
		return "主题分类"
	case "genre":
		return "体裁分类"
	case "keywords":
		return "主题词"
	case "attachment":
		return "附件"
	case "unit_id":
		return "--unit"
	}
	return f
}
