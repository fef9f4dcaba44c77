package request

// Files of an application: scans of letters (scan), the corrected
// application (correction), the released information attached to the
// reply (release), generated letters (letter). The content lives in the
// disclosure service's blob store, addressed by SHA-256.

import (
	"context"
	"fmt"
	"io"
	"path"
	"strings"
	"unicode"
	"unicode/utf8"

	"gongkai/internal/audit"
	"gongkai/internal/disclosure"
	"gongkai/internal/store"
	"gongkai/internal/valid"
)

// File kinds.
const (
	FileScan       = "scan"
	FileRelease    = "release"
	FileCorrection = "correction"
	FileLetter     = "letter"
)

var fileKindLabels = map[string]string{FileScan: "申请材料扫描件", FileRelease: "公开的信息",
	FileCorrection: "补正材料", FileLetter: "文书"}

// FileKindLabel is a file kind's Chinese name.
func FileKindLabel(kind string) string { return labelOr(fileKindLabels, kind) }

// blobs is where file content goes, and the size limit of one file.
func (s *Service) blobs() (disclosure.BlobStore, int64) {
	if s.cfg.Docs != nil {
		c := s.cfg.Docs.Config()
		return c.Blobs, c.MaxAttachment
	}
	return disclosure.NewDBBlobStore(s.db), disclosure.DefaultMaxAttachment
}

// cleanName keeps the base name of an uploaded file without control
// characters.
func cleanName(name string) string {
	name = strings.ReplaceAll(name, `\`, "/")
	name = path.Base(strings.TrimSpace(name))
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == utf8.RuneError {
			return -1
		}
		return r
	}, name)
	name = strings.TrimSpace(name)
	if name == "." || name == "/" || name == ".." {
		return ""
	}
	return name
}

// AttachFile stores a file (kind scan, release, correction, letter) on an
// application. Its format is found from the content (PDF, Office and
// OpenDocument files, JPEG, PNG, GIF).
func (s *Service) AttachFile(ctx context.Context, actor audit.Actor, id int64, kind, name string, data []byte) (File, error) {
	name = cleanName(name)
	blobs, limit := s.blobs()
	if _, ok := fileKindLabels[kind]; !ok {
		return File{}, valid.New("kind", fmt.Sprintf("文件类别“%s”无效", kind))
	}
	switch {
	case name == "":
		return File{}, valid.New("file", "文件缺少文件名")
	case utf8.RuneCountInString(name) > 200:
		return File{}, valid.New("file", "文件名过长（最多 200 字）")
	case len(data) == 0:
		return File{}, valid.New("file", fmt.Sprintf("文件“%s”是空文件", name))
	case int64(len(data)) > limit:
		return File{}, valid.New("file", fmt.Sprintf("文件“%s”过大，上限为 %d MB", name, limit>>20))
	}
	ft := disclosure.Sniff(data)
	if ft == "" {
		return File{}, valid.New("file", fmt.Sprintf("文件“%s”的格式不受支持，可上传 PDF、Word、Excel、OpenDocument、JPG、PNG 或 GIF 文件", name))
	}
	if _, err := s.Get(ctx, id); err != nil {
		return File{}, err
	}
	sha := disclosure.SHA256(data)
	// The blob goes in first, outside the transaction (the store may use
	// the database's single writer); a blob no row refers to is harmless.
	if err := blobs.Put(ctx, sha, data); err != nil {
		return File{}, fmt.Errorf("request %d: file %s: %w", id, kind, err)
	}
	f := File{RequestID: id, Kind: kind, Name: name, MIME: ft.MIME(), Size: int64(len(data)), SHA256: sha, CreatedAt: s.now()}
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		a, err := getApp(ctx, tx, id, true)
		if err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, `INSERT INTO request_files (request_id, kind, name, mime, size, sha256, created_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
			id, kind, name, f.MIME, f.Size, sha, nullable(actor.ID), f.CreatedAt).Scan(&f.ID); err != nil {
			return fmt.Errorf("request %d: file: %w", id, err)
		}
		return appendAudit(ctx, tx, actor, a, "request.attach",
			fmt.Sprintf("申请 %s 添加%s（%s，%d 字节）", a.RegNo, FileKindLabel(kind), ft.Name(), f.Size))
	})
	if err != nil {
		return File{}, err
	}
	return f, nil
}

const fileCols = `id, request_id, kind, name, mime, size, sha256, created_at`

func scanFile(sc rowScanner) (File, error) {
	var f File
	err := sc.Scan(&f.ID, &f.RequestID, &f.Kind, &f.Name, &f.MIME, &f.Size, &f.SHA256, &f.CreatedAt)
	f.CreatedAt = f.CreatedAt.UTC()
	return f, err
}

// Files lists an application's files.
func (s *Service) Files(ctx context.Context, id int64) ([]File, error) {
	rows, err := s.db.Query(ctx, `SELECT `+fileCols+` FROM request_files WHERE request_id = $1 ORDER BY id`, id)
	if err != nil {
		return nil, fmt.Errorf("request %d: files: %w", id, err)
	}
	defer rows.Close()
	var out []File
	for rows.Next() {
		f, err := scanFile(rows)
		if err != nil {
			return nil, fmt.Errorf("request %d: files: %w", id, err)
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// OpenFile opens a file's content.
func (s *Service) OpenFile(ctx context.Context, fileID int64) (File, io.ReadCloser, error) {
	f, err := scanFile(s.db.QueryRow(ctx, `SELECT `+fileCols+` FROM request_files WHERE id = $1`, fileID))
	if err != nil {
		return File{}, nil, fmt.Errorf("request file %d: %w", fileID, err)
	}
	blobs, _ := s.blobs()
	rc, _, err := blobs.Get(ctx, f.SHA256)
	if err != nil {
		return File{}, nil, fmt.Errorf("request file %d: %w", fileID, err)
	}
	return f, rc, nil
}
