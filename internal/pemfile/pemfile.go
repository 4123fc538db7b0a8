// Package pemfile reads the PEM files TLS is configured with, for both
// ends: handoverd's client-ca and the clients' --ca.
package pemfile

import (
	"crypto/x509"
	"fmt"
	"os"
)

// CertPool reads the certificates in the PEM file at path.
func CertPool(path string) (*x509.CertPool, error) {
	pem, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		return nil, fmt.Errorf("%s: no PEM certificate in it", path)
	}
	return pool, nil
}
