#include <openssl/sha.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
