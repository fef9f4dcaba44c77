package disclosure

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
	"gongkai/internal/valid"
)

func TestSniff(t *testing.T) {
	ole := func(stream string) []byte {
		b := append([]byte{}, oleMagic...)
		b = append(b, make([]byte, 504)...)
		return append(b, utf16le(stream)...)
	}
	for _, c := range []struct {
		name string
		data []byte
		want FileType
	}{
		{"pdf", []byte("%PDF-1.7\n..."), TypePDF},
		{"jpeg", []byte("\xFF\xD8\xFF\xE0\x00\x10JFIF"), TypeJPEG},
		{"png", pngData, TypePNG},
		{"gif", []byte("GIF89a\x01\x00"), TypeGIF},
		{"doc", ole("WordDocument"), TypeDOC},
		{"xls", ole("Workbook"), TypeXLS},
		{"ppt", ole("PowerPoint Document"), ""},
		{"docx", docx(t, "x"), TypeDOCX},
		{"xlsx", zipOf(t, map[string]string{"[Content_Types].xml": `<Override ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>`}), TypeXLSX},
		{"odt", zipOf(t, map[string]string{"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<x/>"}), TypeODT},
		{"ods", zipOf(t, map[string]string{"mimetype": "application/vnd.oasis.opendocument.spreadsheet"}), TypeODS},
		{"plain zip", zipOf(t, map[string]string{"a.txt": "x"}), ""},
		{"exe", []byte("MZ\x90\x00"), ""},
		{"empty", nil, ""},
	} {
		if got := Sniff(c.data); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

func TestAttachRefused(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, Config{MaxAttachment: 1 << 20})
		d := e.create(e.input("附件"))
		bomb := docx(t, strings.Repeat("a", 30<<20))
		if len(bomb) > 1<<20 {
			t.Fatalf("bomb is %d bytes", len(bomb))
		}
		odtBomb := zipOf(t, map[string]string{"mimetype": "application/vnd.oasis.opendocument.text",
			"content.xml": strings.Repeat("<p/>", 10<<20)})
		for _, c := range []struct {
			name, file string
			data       []byte
			msg        string
		}{
			{"type mismatch", "通知.pdf", pngData, "文件扩展名为 .pdf，但内容不是 PDF（而是 PNG）"},
			{"unknown content", "通知.pdf", []byte("hello"), "文件扩展名为 .pdf，但内容不是 PDF"},
			{"docx named xlsx", "表.xlsx", docx(t, "x"), "内容不是 XLSX（而是 DOCX）"},
			{"not allowed", "setup.exe", []byte("MZ\x90"), "不支持 .exe 类型的附件"},
			{"no extension", "README", []byte("x"), "没有扩展名"},
			{"oversize", "大.pdf", append([]byte("%PDF-1.4\n"), make([]byte, 1<<20)...), "过大"},
			{"empty", "空.pdf", nil, "空文件"},
			{"no name", "../", []byte("%PDF-"), "缺少文件名"},
			{"docx zip bomb", "炸弹.docx", bomb, "压缩"},
			{"odt zip bomb", "炸弹.odt", odtBomb, "压缩"},
			{"damaged docx", "坏.docx", append(docx(t, "x")[:200:200], make([]byte, 50)...), ""},
		} {
			t.Run(c.name, func(t *testing.T) {
				before := e.counts()
				_, err := e.s.Attach(e.ctx, e.editor, d.ID, d.Version, c.file, c.data)
				var ve *valid.Errors
				if !errors.As(err, &ve) || !strings.Contains(ve.For(fAttachment), c.msg) {
					t.Fatalf("%v; want %q", err, c.msg)
				}
				if got := e.counts(); got != before {
					t.Errorf("refused attachment wrote: %s → %s", before, got)
				}
			})
		}
		// not on a submitted document
		d, _ = e.s.Submit(e.ctx, e.editor, d.ID, d.Version)
		if _, err := e.s.Attach(e.ctx, e.editor, d.ID, d.Version, "a.png", pngData); !errors.Is(err, ErrWrongState) {
			t.Errorf("attach to pending review: %v", err)
		}
	})
}

func TestAttachDedupAndRemove(t *testing.T) {
	for _, name := range []string{"db", "disk"} {
		t.Run(name, func(t *testing.T) {
			storetest.Each(t, func(t *testing.T, db *store.DB) {
				cfg := Config{}
				dir := t.TempDir()
				if name == "disk" {
					cfg.Blobs = NewDiskBlobStore(dir)
				}
				e := newEnv(t, db, cfg)
				data := docx(t, "附件正文")
				a := e.create(e.input("甲"))
				b := e.create(e.input("乙"))
				att1, err := e.s.Attach(e.ctx, e.editor, a.ID, a.Version, `C:\Users\x\附件一.docx`, data)
				if err != nil {
					t.Fatal(err)
				}
				if att1.Name != "附件一.docx" {
					t.Errorf("name %q", att1.Name)
				}
				if _, err := e.s.Attach(e.ctx, e.editor, b.ID, b.Version, "另一个名字.docx", data); err != nil {
					t.Fatal(err)
				}
				// the same content twice on one document
				if _, err := e.s.Attach(e.ctx, e.editor, a.ID, a.Version+1, "again.docx", data); err == nil {
					t.Error("same content attached twice")
				}
				if name == "db" {
					if n := e.count("blobs"); n != 1 {
						t.Errorf("%d blobs for one content", n)
					}
				} else {
					var files int
					filepath.Walk(filepath.Join(dir, "blobs"), func(p string, fi os.FileInfo, err error) error {
						if err == nil && !fi.IsDir() {
							files++
						}
						return nil
					})
					sha := SHA256(data)
					if _, err := os.Stat(filepath.Join(dir, "blobs", sha[:2], sha[2:4], sha)); err != nil || files != 1 {
						t.Errorf("disk layout: %v, %d files", err, files)
					}
				}
				got, rc, err := e.s.OpenAttachment(e.ctx, att1.ID)
				if err != nil {
					t.Fatal(err)
				}
				content, _ := io.ReadAll(rc)
				rc.Close()
				if !bytes.Equal(content, data) || got.Name != "附件一.docx" {
					t.Errorf("read back %d bytes, name %q", len(content), got.Name)
				}
				d, err := e.s.RemoveAttachment(e.ctx, e.editor, a.ID, a.Version+1, att1.ID)
				if err != nil || len(d.Attachments) != 0 || d.Version != a.Version+2 {
					t.Fatalf("remove: %v %+v", err, d)
				}
				if _, rc, err := e.s.OpenAttachment(e.ctx, att1.ID); !errors.Is(err, store.ErrNotFound) {
					if rc != nil {
						rc.Close()
					}
					t.Errorf("removed attachment opens: %v", err)
				}
				revs, _ := e.s.Revisions(e.ctx, a.ID)
				if last := revs[len(revs)-1]; last.Action != "detach" || len(last.Changes) != 1 || last.Changes[0].Field != "附件" {
					t.Errorf("detach revision %+v", last)
				}
			})
		})
	}
}

func TestBlobStores(t *testing.T) {
	ctx := context.Background()
	check := func(t *testing.T, bs BlobStore) {
		data := []byte("内容")
		sha := SHA256(data)
		if err := bs.Put(ctx, sha, data); err != nil {
			t.Fatal(err)
		}
		if err := bs.Put(ctx, sha, data); err != nil {
			t.Fatalf("second put: %v", err)
		}
		if err := bs.Put(ctx, sha, []byte("别的")); err == nil {
			t.Error("content not matching its address accepted")
		}
		rc, n, err := bs.Get(ctx, sha)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(rc)
		rc.Close()
		if n != int64(len(data)) || !bytes.Equal(got, data) {
			t.Errorf("got %q (%d)", got, n)
		}
		if _, _, err := bs.Get(ctx, SHA256([]byte("missing"))); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("missing: %v", err)
		}
	}
	t.Run("disk", func(t *testing.T) {
		dir := t.TempDir()
		check(t, NewDiskBlobStore(dir))
		if _, _, err := NewDiskBlobStore(dir).Get(ctx, "../../etc/passwd"); err == nil {
			t.Error("path outside the store")
		}
	})
	storetest.Each(t, func(t *testing.T, db *store.DB) { check(t, NewDBBlobStore(db)) })
}
