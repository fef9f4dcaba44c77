package disclosure

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"gongkai/internal/audit"
	"gongkai/internal/review"
	"gongkai/internal/store"
	"gongkai/internal/valid"
)

// Attachment is a file attached to a document; its content lives in the
// blob store under SHA256.
type Attachment struct {
	ID         int64     `json:"id"`
	DocumentID int64     `json:"document_id"`
	Name       string    `json:"name"` // the original file name
	SHA256     string    `json:"sha256"`
	Size       int64     `json:"size"`
	MIME       string    `json:"mime"`
	SortOrder  int       `json:"sort_order"`
	CreatedAt  time.Time `json:"created_at"`
	// Scanned reports whether text was extracted for the scanner; a
	// reviewer checks the others (images, DOC, XLS, scanned PDFs) by eye.
	Scanned bool `json:"scanned"`
}

const fAttachment = "attachment"

func listAttachments(ctx context.Context, q store.Querier, docID int64) ([]Attachment, error) {
	rows, err := q.Query(ctx, `SELECT id, document_id, name, sha256, size, mime, sort_order, created_at,
		CASE WHEN text_content <> '' THEN 1 ELSE 0 END
		FROM attachments WHERE document_id = $1 ORDER BY sort_order, id`, docID)
	if err != nil {
		return nil, fmt.Errorf("document %d: attachments: %w", docID, err)
	}
	defer rows.Close()
	var out []Attachment
	for rows.Next() {
		var a Attachment
		var scanned int
		if err := rows.Scan(&a.ID, &a.DocumentID, &a.Name, &a.SHA256, &a.Size, &a.MIME, &a.SortOrder, &a.CreatedAt, &scanned); err != nil {
			return nil, fmt.Errorf("document %d: attachments: %w", docID, err)
		}
		a.CreatedAt, a.Scanned = a.CreatedAt.UTC(), scanned == 1
		out = append(out, a)
	}
	return out, rows.Err()
}

// cleanFileName keeps the base name of an uploaded file, without control
// characters; "" when nothing usable remains.
func cleanFileName(name string) string {
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

// checkFile validates an upload and extracts its text for the scanner. Every
// refusal is a *valid.Errors on field "attachment" with the reason.
func (s *Service) checkFile(name string, data []byte) (FileType, string, error) {
	if name == "" {
		return "", "", valid.New(fAttachment, "附件缺少文件名")
	}
	if utf8.RuneCountInString(name) > 200 {
		return "", "", valid.New(fAttachment, "附件文件名过长（最多 200 字）")
	}
	if int64(len(data)) > s.cfg.MaxAttachment {
		return "", "", valid.New(fAttachment, fmt.Sprintf("附件“%s”过大（%s），上限为 %s", name,
			humanSize(int64(len(data))), humanSize(s.cfg.MaxAttachment)))
	}
	if len(data) == 0 {
		return "", "", valid.New(fAttachment, fmt.Sprintf("附件“%s”是空文件", name))
	}
	want, ext := typeOfExt(name)
	if want == "" {
		if ext == "" {
			return "", "", valid.New(fAttachment, fmt.Sprintf("附件“%s”没有扩展名，可上传 %s 文件", name, allowedList()))
		}
		return "", "", valid.New(fAttachment, fmt.Sprintf("不支持 %s 类型的附件，可上传 %s 文件", ext, allowedList()))
	}
	got := Sniff(data)
	if got != want {
		msg := fmt.Sprintf("文件扩展名为 %s，但内容不是 %s", ext, want.Name())
		if got != "" {
			msg += fmt.Sprintf("（而是 %s）", got.Name())
		}
		return "", "", valid.New(fAttachment, msg)
	}
	lim := review.DefaultExtractLimits()
	lim.MaxInput = s.cfg.MaxAttachment
	var text string
	switch got {
	case TypeDOCX, TypeXLSX:
		t, err := review.Extract(name, data, lim)
		if err != nil {
			return "", "", valid.New(fAttachment, fmt.Sprintf("附件“%s”无法读取：%v", name, err))
		}
		text = t
	case TypePDF:
		t, err := review.Extract(name, data, lim)
		var big *review.ErrTooLarge
		switch {
		case errors.As(err, &big):
			return "", "", valid.New(fAttachment, fmt.Sprintf("附件“%s”：%v", name, err))
		case err == nil:
			text = t
		}
		// A PDF without extractable text (a scan) or one the extractor
		// cannot read is kept: Scanned=false tells the reviewer to read it.
	case TypeODT, TypeODS:
		if err := zipGuard(data, lim.MaxOutput, lim.MaxZipEntries, lim.MaxZipRatio); err != nil {
			return "", "", valid.New(fAttachment, fmt.Sprintf("附件“%s”：%v", name, err))
		}
		text = odfText(data, lim.MaxOutput)
	}
	return got, text, nil
}

// Attach adds a file to a draft or returned document. The type is sniffed
// from the content and must match the extension; DOCX and XLSX are unpacked
// within review's limits (zip bombs are refused) and their text kept for the
// scanner. Identical content is stored once.
func (s *Service) Attach(ctx context.Context, actor audit.Actor, id int64, expectVersion int, name string, data []byte) (Attachment, error) {
	name = cleanFileName(name)
	ft, text, err := s.checkFile(name, data)
	if err != nil {
		return Attachment{}, err
	}
	// Cheap state check before storing the blob; the transaction checks again.
	cur, err := getDoc(ctx, s.db, `d.id = $1`, id)
	if err != nil {
		return Attachment{}, err
	}
	if cur.Version != expectVersion {
		return Attachment{}, ErrVersionConflict
	}
	if !cur.State.Editable() {
		return Attachment{}, &StateError{State: cur.State, Action: "添加附件"}
	}
	sha := SHA256(data)
	// The blob goes in first, outside the transaction (the store may be the
	// database's single writer); a blob no attachment refers to is harmless.
	if err := s.cfg.Blobs.Put(ctx, sha, data); err != nil {
		return Attachment{}, fmt.Errorf("document %d: attach %s: %w", id, name, err)
	}
	var att Attachment
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		if _, err := lockDoc(ctx, tx, id, expectVersion, "添加附件", StateDraft, StateReturned); err != nil {
			return err
		}
		var dup string
		err := tx.QueryRow(ctx, `SELECT name FROM attachments WHERE document_id = $1 AND sha256 = $2`, id, sha).Scan(&dup)
		if err == nil {
			return valid.New(fAttachment, fmt.Sprintf("相同内容的附件“%s”已经添加", dup))
		}
		if !errors.Is(err, store.ErrNotFound) {
			return err
		}
		var order int
		if err := tx.QueryRow(ctx, `SELECT COALESCE(MAX(sort_order), 0) + 1 FROM attachments WHERE document_id = $1`, id).Scan(&order); err != nil {
			return err
		}
		now := store.Now()
		var attID int64
		if err := tx.QueryRow(ctx, `INSERT INTO attachments (document_id, name, sha256, size, mime, text_content, sort_order, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
			id, name, sha, int64(len(data)), ft.MIME(), text, order, now).Scan(&attID); err != nil {
			return fmt.Errorf("document %d: attach: %w", id, err)
		}
		if err := bump(ctx, tx, actor, id, expectVersion, ""); err != nil {
			return err
		}
		att = Attachment{ID: attID, DocumentID: id, Name: name, SHA256: sha, Size: int64(len(data)), MIME: ft.MIME(),
			SortOrder: order, CreatedAt: now, Scanned: text != ""}
		_, err = record(ctx, tx, actor, id, "attach", "", fmt.Sprintf("添加附件“%s”（%s，%s）", name, ft.Name(), humanSize(int64(len(data)))))
		return err
	})
	if err != nil {
		return Attachment{}, err
	}
	return att, nil
}

// RemoveAttachment removes an attachment from a draft or returned document.
// The blob stays: other documents or revisions may refer to it.
func (s *Service) RemoveAttachment(ctx context.Context, actor audit.Actor, id int64, expectVersion int, attachmentID int64) (Document, error) {
	var d Document
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		if _, err := lockDoc(ctx, tx, id, expectVersion, "删除附件", StateDraft, StateReturned); err != nil {
			return err
		}
		var name string
		if err := tx.QueryRow(ctx, `SELECT name FROM attachments WHERE id = $1 AND document_id = $2`, attachmentID, id).Scan(&name); err != nil {
			return fmt.Errorf("document %d: attachment %d: %w", id, attachmentID, err)
		}
		if _, err := tx.Exec(ctx, `DELETE FROM attachments WHERE id = $1`, attachmentID); err != nil {
			return fmt.Errorf("document %d: remove attachment: %w", id, err)
		}
		if err := bump(ctx, tx, actor, id, expectVersion, ""); err != nil {
			return err
		}
		var err error
		d, err = record(ctx, tx, actor, id, "detach", "", "删除附件“"+name+"”")
		return err
	})
	if err != nil {
		return Document{}, err
	}
	return d, nil
}

// OpenAttachment returns an attachment and its content. The caller closes
// the reader and decides who may read it (the public only for documents
// that are published).
func (s *Service) OpenAttachment(ctx context.Context, attachmentID int64) (Attachment, io.ReadCloser, error) {
	var a Attachment
	var scanned int
	err := s.db.QueryRow(ctx, `SELECT id, document_id, name, sha256, size, mime, sort_order, created_at,
		CASE WHEN text_content <> '' THEN 1 ELSE 0 END FROM attachments WHERE id = $1`, attachmentID).
		Scan(&a.ID, &a.DocumentID, &a.Name, &a.SHA256, &a.Size, &a.MIME, &a.SortOrder, &a.CreatedAt, &scanned)
	if err != nil {
		return Attachment{}, nil, fmt.Errorf("attachment %d: %w", attachmentID, err)
	}
	a.CreatedAt, a.Scanned = a.CreatedAt.UTC(), scanned == 1
	rc, _, err := s.cfg.Blobs.Get(ctx, a.SHA256)
	if err != nil {
		return Attachment{}, nil, fmt.Errorf("attachment %d: %w", attachmentID, err)
	}
	return a, rc, nil
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
