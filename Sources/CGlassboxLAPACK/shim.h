#ifndef GLASSBOX_CLAPACK_SHIM_H
#define GLASSBOX_CLAPACK_SHIM_H
// CBLAS comes with Debian's libblas-dev; liblapack-dev ships no C header for the Fortran
// routines, so the ones Glassbox calls are declared here. Every Fortran CHARACTER argument
// carries a hidden trailing length (size_t); callers pass 1.
#include <cblas.h>
#include <stddef.h>

/// Cholesky factorisation of a symmetric positive-definite matrix.
void dpotrf_(const char *uplo, const int *n, double *a, const int *lda, int *info, size_t uplo_len);
/// Solve A X = B with a Cholesky factor from dpotrf.
void dpotrs_(const char *uplo, const int *n, const int *nrhs, const double *a, const int *lda,
             double *b, const int *ldb, int *info, size_t uplo_len);
/// Inverse of a symmetric positive-definite matrix from its Cholesky factor.
void dpotri_(const char *uplo, const int *n, double *a, const int *lda, int *info, size_t uplo_len);
/// Eigenvalues (and optionally vectors) of a symmetric matrix, divide and conquer.
void dsyevd_(const char *jobz, const char *uplo, const int *n, double *a, const int *lda, double *w,
             double *work, const int *lwork, int *iwork, const int *liwork, int *info,
             size_t jobz_len, size_t uplo_len);
/// Singular value decomposition, divide and conquer.
void dgesdd_(const char *jobz, const int *m, const int *n, double *a, const int *lda, double *s,
             double *u, const int *ldu, double *vt, const int *ldvt, double *work, const int *lwork,
             int *iwork, int *info, size_t jobz_len);
/// QR factorisation with column pivoting (rank detection of a design matrix).
void dgeqp3_(const int *m, const int *n, double *a, const int *lda, int *jpvt, double *tau,
             double *work, const int *lwork, int *info);
/// LU factorisation and solve of a general square system.
void dgesv_(const int *n, const int *nrhs, double *a, const int *lda, int *ipiv, double *b,
            const int *ldb, int *info);

#endif
