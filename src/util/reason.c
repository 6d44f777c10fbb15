#include "util/reason.h"

#include <errno.h>

const char *trawl_errno_reason(int e)
{
	switch (e) {
	case EACCES:
	case EPERM:
		return "PERMISSION_DENIED";
	case ENOENT:
	case ENOTDIR:
		return "SOURCE_OBJECT_NO_LONGER_AVAILABLE";
	case ELOOP:
	case EISDIR:
	case ENXIO:
		return "UNSUPPORTED_OBJECT_TYPE";
	case ENOMEM:
	case EFBIG:
		return "FILE_EXCEEDS_SIZE_LIMIT";
	default:
		return "UNKNOWN_ERROR";
	}
}
