// Package gormtx begins gorm transactions without a context: one whose
// callback gives every statement the request's context is cancelled
// with it (only BEGIN and COMMIT run without it, and a statement that
// fails rolls the transaction back); one whose callback runs a
// statement without it, or with a context the client's going away
// never reaches, is not.
package gormtx

import (
	"net/http"

	"github.com/gin-gonic/gin"
	"gorm.io/gorm"
)

type User struct{ ID int64 }

type store struct{ db *gorm.DB }

func (s *store) rename(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	s.db.Transaction(func(tx *gorm.DB) error {
		if err := tx.WithContext(ctx).Create(&User{}).Error; err != nil {
			return err
		}
		return tx.WithContext(ctx).Where("id = ?", 1).Delete(&User{}).Error
	})
}

func (s *store) renameFirst(w http.ResponseWriter, r *http.Request) {
	s.db.Transaction(func(tx *gorm.DB) error {
		tx = tx.WithContext(r.Context())
		return tx.Create(&User{}).Error
	})
}

func (s *store) renamePartly(w http.ResponseWriter, r *http.Request) {
	s.db.Transaction(func(tx *gorm.DB) error { // want `\(\*gorm.io/gorm.DB\).Transaction ignores the request context`
		if err := tx.WithContext(r.Context()).Create(&User{}).Error; err != nil {
			return err
		}
		return tx.Delete(&User{}).Error
	})
}

func (s *store) renameGin(c *gin.Context) {
	s.db.Transaction(func(tx *gorm.DB) error { // want `\(\*gorm.io/gorm.DB\).Transaction ignores the request context`
		return tx.WithContext(c).Create(&User{}).Error
	})
}

func main() {
	s := &store{}
	http.HandleFunc("/rename", s.rename)
	http.HandleFunc("/rename-first", s.renameFirst)
	http.HandleFunc("/rename-partly", s.renamePartly)
	r := gin.New()
	r.POST("/rename-gin", s.renameGin)
}
