package disclosure

import (
	"fmt"
	"time"

	"gongkai/internal/civil"
	"gongkai/internal/store"
)

// DefaultMaxAttachment is the default size limit of one attachment.
const DefaultMaxAttachment = 50 << 20

// Config is what a deployment sets. The zero value is usable.
type Config struct {
	// Location is the county's time zone: "today" for 成文日期 checks and
	// 发布日期 (default Asia/Shanghai).
	Location *time.Location
	// IndexPattern is the 索引号 pattern (default DefaultIndexPattern).
	IndexPattern string
	// MaxAttachment limits one attachment's size in bytes (default 50 MiB).
	MaxAttachment int64
	// Blobs stores attachment content (default: in the database).
	Blobs BlobStore
	// Workdays counts working days for the late flag (default: Monday to
	// Friday, provisional until the working-day calendar exists).
	Workdays WorkdayCounter
}

// Service reads and changes documents. Every change runs in one
// transaction with its audit entry and its revision.
type Service struct {
	db      *store.DB
	cfg     Config
	pattern Pattern
}

// NewService returns a Service on db; it fails on an invalid IndexPattern.
func NewService(db *store.DB, cfg Config) (*Service, error) {
	if cfg.Location == nil {
		loc, err := time.LoadLocation("Asia/Shanghai")
		if err != nil {
			loc = time.FixedZone("CST", 8*3600)
		}
		cfg.Location = loc
	}
	if cfg.IndexPattern == "" {
		cfg.IndexPattern = DefaultIndexPattern
	}
	p, err := ParsePattern(cfg.IndexPattern)
	if err != nil {
		return nil, fmt.Errorf("disclosure: %w", err)
	}
	if cfg.MaxAttachment <= 0 {
		cfg.MaxAttachment = DefaultMaxAttachment
	}
	if cfg.Blobs == nil {
		cfg.Blobs = NewDBBlobStore(db)
	}
	if cfg.Workdays == nil {
		cfg.Workdays = WeekdayCounter{}
	}
	return &Service{db: db, cfg: cfg, pattern: p}, nil
}

// Config returns the configuration in effect (with defaults filled in).
func (s *Service) Config() Config { return s.cfg }

// today is the current date in the county.
func (s *Service) today() civil.Date { return civil.Today(s.cfg.Location) }
